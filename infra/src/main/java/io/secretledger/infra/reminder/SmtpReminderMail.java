package io.secretledger.infra.reminder;

import io.secretledger.command.reminder.ReminderMail;
import io.secretledger.infra.mail.Mailer;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a member's reminder digest (sent as every mail is, {@link Mailer}). The Message-ID comes from the digest and
 * the member, so a mail sent again would be the same message to a mail client.
 */
@Component
class SmtpReminderMail implements ReminderMail {

    private final Mailer mailer;

    SmtpReminderMail(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void send(String email, String digestKey, List<Line> lines) {
        StringBuilder text = new StringBuilder("These secrets you can access expire soon or have expired:\n\n");
        for (Line line : lines) {
            text.append("  ").append(line.name()).append("  expires ").append(Mailer.utc(line.expiresAt()))
                    .append("  (").append(daysLeft(line.daysLeft())).append(")\n");
        }
        text.append("\nRotate them, then mark each rotated (markSecretRotated at ").append(mailer.publicUrl())
                .append("/graphiql) so that no more reminders come about it.\n");
        String messageId = "<reminder-" + HexFormat.of().formatHex(digestKey.getBytes(StandardCharsets.UTF_8))
                + "@secretledger>";
        mailer.send(email, lines.size() == 1 ? "SecretLedger: 1 secret expires soon"
                : "SecretLedger: " + lines.size() + " secrets expire soon", text.toString(), messageId);
    }

    private static String daysLeft(long days) {
        if (days < 0) {
            return "expired";
        }
        return days == 0 ? "expires within a day" : days + (days == 1 ? " day left" : " days left");
    }
}
