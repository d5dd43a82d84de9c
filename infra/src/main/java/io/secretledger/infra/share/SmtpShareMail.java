package io.secretledger.infra.share;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.share.ShareMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Mails of issue 21 over SMTP (the development mailbox in the default profile), after the link is stored. The
 * token is only in the contact's own mail; no mail holds a value. A mail server that is down costs the mail
 * (logged without the token), never the link.
 */
@Component
class SmtpShareMail implements ShareMail {

    private static final Logger log = LoggerFactory.getLogger(SmtpShareMail.class);

    private final JavaMailSender sender;
    private final String from;
    private final String publicUrl;

    SmtpShareMail(JavaMailSender sender, @Value("${secretledger.mail.from:secretledger@localhost}") String from,
                  @Value("${secretledger.public-url:http://localhost:8080}") String publicUrl) {
        this.sender = sender;
        this.from = from;
        this.publicUrl = publicUrl;
    }

    @Override
    public void shareLink(String to, String secretName, String fieldLabel, Plaintext token, Instant expiresAt,
                          boolean codeRequired) {
        send(to, "A value was shared with you: " + fieldLabel, "Your helpdesk shared \"" + fieldLabel + "\" of \""
                + secretName + "\" with you. Open it at\n\n  " + publicUrl + "/share/" + token.value() + "\n\n"
                + "The link works until " + at(expiresAt) + " and shows the value a limited number of times"
                + (codeRequired ? "; it asks for a code it mails to you first" : "") + ". Do not forward it.\n");
    }

    @Override
    public void credentialRequest(String to, String secretName, String fieldLabel, Plaintext token,
                                  Instant expiresAt) {
        send(to, "Your helpdesk asks you for " + fieldLabel, "Your helpdesk asks you for \"" + fieldLabel
                + "\" (for \"" + secretName + "\"). Enter it at\n\n  " + publicUrl + "/collect/" + token.value()
                + "\n\nThe link works once, until " + at(expiresAt) + ". Never send the value by e-mail.\n");
    }

    @Override
    public void credentialReceived(String to, String secretId, String fieldKey, String contactId, int version) {
        send(to, "Credential received: " + fieldKey, "The contact " + contactId + " gave the value of " + fieldKey
                + " of secret " + secretId + "; it is version " + version + " of the field.\n");
    }

    private void send(String to, String subject, String text) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        try {
            sender.send(message);
        } catch (MailException e) {
            log.warn("Could not mail a share notice ({}): {}", subject, e.getClass().getSimpleName());
        }
    }

    private static String at(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.atOffset(ZoneOffset.UTC));
    }
}
