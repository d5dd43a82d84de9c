package io.secretledger.infra.verification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.Callers;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local development mailbox of the default profile (like MailHog or Mailpit, in process): a real SMTP
 * server that codes are sent to, and {@code GET /dev/mailbox} where a signed-in member reads the mail sent to
 * their own address. Off when {@code secretledger.mail.dev-mailbox.enabled=false}; then {@code spring.mail.*}
 * names the real SMTP server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "secretledger.mail.dev-mailbox.enabled", havingValue = "true")
class DevMailbox {

    private static final Logger LOG = LoggerFactory.getLogger(DevMailbox.class);

    @Bean(initMethod = "start", destroyMethod = "stop")
    GreenMail devMailServer(@Value("${secretledger.mail.dev-mailbox.port:0}") int port) {
        ServerSetup smtp = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        return new GreenMail(port == 0 ? smtp.dynamicPort() : smtp);
    }

    @Bean
    JavaMailSender devMailSender(GreenMail devMailServer) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(devMailServer.getSmtp().getPort());
        LOG.info("Development mailbox: SMTP on 127.0.0.1:{}, read your mail at GET /dev/mailbox",
                devMailServer.getSmtp().getPort());
        return sender;
    }

    /** Conditional on its own: component scanning finds a nested controller without its enclosing condition. */
    @RestController
    @ConditionalOnProperty(name = "secretledger.mail.dev-mailbox.enabled", havingValue = "true")
    static class MailboxController {

        private final GreenMail server;
        private final Callers callers;

        MailboxController(GreenMail server, Callers callers) {
            this.server = server;
            this.callers = callers;
        }

        /** The mail sent to the caller's own address, newest last. */
        @GetMapping("/dev/mailbox")
        List<Map<String, String>> mailbox(Authentication authentication) throws MessagingException, IOException {
            Caller caller = Caller.require(callers.current());
            List<Map<String, String>> messages = new ArrayList<>();
            for (MimeMessage message : server.getReceivedMessages()) {
                for (Address to : message.getAllRecipients()) {
                    if (to.toString().equalsIgnoreCase(caller.email())) {
                        messages.add(Map.of("to", to.toString(), "subject", message.getSubject(),
                                "text", String.valueOf(message.getContent()),
                                "sentAt", message.getSentDate() == null ? "" : message.getSentDate().toInstant().toString()));
                    }
                }
            }
            return messages;
        }
    }
}
