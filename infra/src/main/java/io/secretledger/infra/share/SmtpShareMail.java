package io.secretledger.infra.share;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.share.ShareMail;
import io.secretledger.infra.mail.Mailer;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.secretledger.infra.mail.Mailer.utc;

/**
 * Mails of issue 21, after the link is stored. The token is only in the contact's own mail; no mail holds a value.
 * A mail server that is down costs the mail (logged without the token), never the link.
 */
@Component
class SmtpShareMail implements ShareMail {

    private final Mailer mailer;

    SmtpShareMail(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public void shareLink(String to, String secretName, String fieldLabel, Plaintext token, Instant expiresAt,
                          boolean codeRequired) {
        mailer.sendOrLog(to, "A value was shared with you: " + fieldLabel, "Your helpdesk shared \"" + fieldLabel
                + "\" of \"" + secretName + "\" with you. Open it at\n\n  " + mailer.publicUrl() + "/share/"
                + token.value() + "\n\nThe link works until " + utc(expiresAt) + " and shows the value a limited number"
                + " of times" + (codeRequired ? "; it asks for a code it mails to you first" : "")
                + ". Do not forward it.\n");
    }

    @Override
    public void credentialRequest(String to, String secretName, String fieldLabel, Plaintext token,
                                  Instant expiresAt) {
        mailer.sendOrLog(to, "Your helpdesk asks you for " + fieldLabel, "Your helpdesk asks you for \"" + fieldLabel
                + "\" (for \"" + secretName + "\"). Enter it at\n\n  " + mailer.publicUrl() + "/collect/"
                + token.value() + "\n\nThe link works once, until " + utc(expiresAt)
                + ". Never send the value by e-mail.\n");
    }

    @Override
    public void credentialReceived(String to, String secretId, String fieldKey, String contactId, int version) {
        mailer.sendOrLog(to, "Credential received: " + fieldKey, "The contact " + contactId + " gave the value of "
                + fieldKey + " of secret " + secretId + "; it is version " + version + " of the field.\n");
    }
}
