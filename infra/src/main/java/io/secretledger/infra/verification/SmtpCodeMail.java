package io.secretledger.infra.verification;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.verification.CodeMail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Sends reveal codes over SMTP with Spring Mail, to the server configured by {@code spring.mail.*}. */
@Component
class SmtpCodeMail implements CodeMail {

    private final JavaMailSender sender;
    private final String from;

    SmtpCodeMail(JavaMailSender sender, @Value("${secretledger.mail.from:secretledger@localhost}") String from) {
        this.sender = sender;
        this.from = from;
    }

    @Override
    public void send(String email, Plaintext code, Instant expiresAt) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(email);
        message.setSubject("Your SecretLedger verification code");
        message.setText("Your code to reveal secrets is " + code.value() + "\n\nIt holds until "
                + DateTimeFormatter.ISO_INSTANT.format(expiresAt.atOffset(ZoneOffset.UTC))
                + " and works once. If you did not ask for it, tell your workspace owner.\n");
        sender.send(message);
    }
}
