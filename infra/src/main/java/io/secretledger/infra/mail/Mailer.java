package io.secretledger.infra.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Properties;

/**
 * The one way this service sends mail: plain-text messages from {@code secretledger.mail.from} over Spring Mail's
 * SMTP sender (the development mailbox in the default profile, {@code spring.mail.*} otherwise). The codes,
 * invitations, reminders, access requests and share notices each only write their text; they had each their own copy
 * of the sending until session 24.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final JavaMailSender sender;
    private final String from;
    private final String publicUrl;

    Mailer(JavaMailSender sender, @Value("${secretledger.mail.from:secretledger@localhost}") String from,
           @Value("${secretledger.public-url:http://localhost:8080}") String publicUrl) {
        this.sender = sender;
        this.from = from;
        this.publicUrl = publicUrl;
    }

    /** The address people open this service at, without a trailing slash, for the links in mails. */
    public String publicUrl() {
        return publicUrl;
    }

    /** Sends one message; a mail server that refuses it or is down is the caller's {@link MailException}. */
    public void send(String to, String subject, String text) {
        send(to, subject, text, null);
    }

    /**
     * Sends one message with this Message-ID (angle brackets included), so a message sent again is the same
     * message to the reader's mail client; {@code null} lets the mail library make one.
     */
    public void send(String to, String subject, String text, String messageId) {
        try {
            Session session = sender instanceof JavaMailSenderImpl impl ? impl.getSession()
                    : Session.getInstance(new Properties());
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    if (messageId == null) {
                        super.updateMessageID();
                    } else {
                        setHeader("Message-ID", messageId);
                    }
                }
            };
            MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(text);
            sender.send(message);
        } catch (MessagingException e) {
            throw new MailPreparationException("Cannot prepare the mail \"" + subject + "\"", e);
        }
    }

    /**
     * Sends one message whose loss must not undo what it tells of (that is stored already): a failure is logged with
     * the subject and the kind of failure only, never the text (it may hold a link's token).
     */
    public void sendOrLog(String to, String subject, String text) {
        try {
            send(to, subject, text);
        } catch (MailException e) {
            log.warn("Could not send the mail \"{}\": {}", subject, e.getClass().getSimpleName());
        }
    }

    /** An instant as mails write it: ISO-8601 in UTC. */
    public static String utc(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.atOffset(ZoneOffset.UTC));
    }
}
