package io.secretledger.infra.reminder;

import io.secretledger.command.reminder.ReminderMail;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Sends a member's reminder digest over SMTP with Spring Mail (the development mailbox in the default profile). The
 * Message-ID comes from the digest and the member, so a mail sent again would be the same message to a mail client.
 */
@Component
class SmtpReminderMail implements ReminderMail {

    private final JavaMailSender sender;
    private final String from;
    private final String publicUrl;

    SmtpReminderMail(JavaMailSender sender, @Value("${secretledger.mail.from:secretledger@localhost}") String from,
                     @Value("${secretledger.public-url:http://localhost:8080}") String publicUrl) {
        this.sender = sender;
        this.from = from;
        this.publicUrl = publicUrl;
    }

    @Override
    public void send(String email, String digestKey, List<Line> lines) {
        StringBuilder text = new StringBuilder("These secrets you can access expire soon or have expired:\n\n");
        for (Line line : lines) {
            text.append("  ").append(line.name()).append("  expires ").append(format(line.expiresAt())).append("  (")
                    .append(daysLeft(line.daysLeft())).append(")\n");
        }
        text.append("\nRotate them, then mark each rotated (markSecretRotated at ").append(publicUrl)
                .append("/graphiql) so that no more reminders come about it.\n");
        try {
            String messageId = "<reminder-" + HexFormat.of().formatHex(digestKey.getBytes(StandardCharsets.UTF_8))
                    + "@secretledger>";
            Session session = sender instanceof JavaMailSenderImpl impl ? impl.getSession()
                    : Session.getInstance(new Properties());
            MimeMessage message = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(email);
            helper.setSubject(lines.size() == 1 ? "SecretLedger: 1 secret expires soon"
                    : "SecretLedger: " + lines.size() + " secrets expire soon");
            helper.setText(text.toString());
            sender.send(message);
        } catch (MessagingException e) {
            throw new MailPreparationException("Cannot prepare the reminder digest", e);
        }
    }

    private static String format(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.atOffset(ZoneOffset.UTC));
    }

    private static String daysLeft(long days) {
        if (days < 0) {
            return "expired";
        }
        return days == 0 ? "expires within a day" : days + (days == 1 ? " day left" : " days left");
    }
}
