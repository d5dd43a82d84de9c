package io.secretledger.infra.accessrequest;

import io.secretledger.command.accessrequest.AccessRequestMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Sends the mails of access requests over SMTP (the development mailbox in the default profile), one message per
 * recipient so nobody learns who else approves. They leave after the request is stored; a mail server that is down
 * costs the mail (logged), never the decision already recorded.
 */
@Component
class SmtpAccessRequestMail implements AccessRequestMail {

    private static final Logger log = LoggerFactory.getLogger(SmtpAccessRequestMail.class);

    private final JavaMailSender sender;
    private final String from;

    SmtpAccessRequestMail(JavaMailSender sender,
                          @Value("${secretledger.mail.from:secretledger@localhost}") String from) {
        this.sender = sender;
        this.from = from;
    }

    @Override
    public void send(List<String> to, String subject, String text) {
        for (String address : to) {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(address);
            message.setSubject(subject);
            message.setText(text);
            try {
                sender.send(message);
            } catch (MailException e) {
                log.warn("Could not mail an access request notice ({}): {}", subject, e.getClass().getSimpleName());
            }
        }
    }
}
