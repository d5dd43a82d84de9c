package io.secretledger.command.share;

import io.secretledger.api.common.Plaintext;

import java.time.Instant;

/** Mails of share links and credential requests; the token only ever in the contact's own mail, never a value. */
public interface ShareMail {

    void shareLink(String to, String secretName, String fieldLabel, Plaintext token, Instant expiresAt,
                   boolean codeRequired);

    void credentialRequest(String to, String secretName, String fieldLabel, Plaintext token, Instant expiresAt);

    void credentialReceived(String to, String secretId, String fieldKey, String contactId, int version);
}
