package io.secretledger.infra.verification;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.verification.CodeMail;
import io.secretledger.infra.mail.Mailer;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Writes the reveal code's mail (sent as every mail is, {@link Mailer}). */
@Component
class SmtpCodeMail implements CodeMail {

    private final Mailer mailer;

    SmtpCodeMail(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void send(String email, Plaintext code, Instant expiresAt) {
        mailer.send(email, "Your SecretLedger verification code", "Your code to reveal secrets is " + code.value()
                + "\n\nIt holds until " + Mailer.utc(expiresAt)
                + " and works once. If you did not ask for it, tell your workspace owner.\n");
    }
}
