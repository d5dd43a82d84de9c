package io.secretledger.command.verification;

import io.secretledger.api.common.Plaintext;
import io.secretledger.command.crypto.KeyHierarchy;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Issues, mails and checks reveal codes. A code is drawn digit by digit from a CSPRNG, kept only as an
 * HMAC-SHA256 (keyed by a key of the key hierarchy) of the member's verification, the request and the code, and
 * compared in constant time. It is e-mailed only after the request is recorded, and never logged.
 */
public class VerificationCodes {

    private static final Logger LOG = LoggerFactory.getLogger(VerificationCodes.class);
    private static final String PURPOSE = "verification-codes";

    private final CodeStore store;
    private final CodeMail mail;
    private final KeyHierarchy keys;
    private final SecureRandom random;
    private final VerificationSettings settings;

    public VerificationCodes(CodeStore store, CodeMail mail, KeyHierarchy keys, SecureRandom random,
                             VerificationSettings settings) {
        this.store = store;
        this.mail = mail;
        this.keys = keys;
        this.random = random;
        this.settings = settings;
    }

    public VerificationSettings settings() {
        return settings;
    }

    /** Stores the new code's hash (replacing any earlier code) and e-mails it once the request is recorded. */
    public void issue(String verificationId, String requestId, String email, Instant expiresAt) {
        StringBuilder digits = new StringBuilder(settings.codeDigits());
        for (int i = 0; i < settings.codeDigits(); i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        Plaintext code = new Plaintext(digits.toString());
        store.put(new CodeStore.StoredCode(verificationId, requestId, hash(verificationId, requestId, code), expiresAt));
        Runnable send = () -> {
            try {
                mail.send(email, code, expiresAt);
            } catch (RuntimeException e) {
                LOG.warn("Could not e-mail a verification code for {} ({}); the member can ask again",
                        verificationId, e.getClass().getSimpleName());
            }
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unit -> send.run());
        } else {
            send.run();
        }
    }

    /** Whether the code is the one issued for that request of that member; constant time in the code. */
    public boolean matches(String verificationId, String requestId, Plaintext code) {
        byte[] given = hash(verificationId, requestId, code == null || code.value() == null ? new Plaintext("")
                : new Plaintext(code.value().strip()));
        byte[] expected = store.find(verificationId)
                .filter(stored -> stored.requestId().equals(requestId))
                .map(CodeStore.StoredCode::hash)
                .orElse(new byte[given.length]);
        return MessageDigest.isEqual(given, expected);
    }

    /** A code is used once: its hash is deleted once the success is recorded. */
    public void consume(String verificationId) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unit -> store.delete(verificationId));
        } else {
            store.delete(verificationId);
        }
    }

    private byte[] hash(String verificationId, String requestId, Plaintext code) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(keys.purposeKey(PURPOSE)));
        for (String part : new String[] {verificationId, requestId, code.value()}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            for (int shift = 24; shift >= 0; shift -= 8) {
                mac.update((byte) (bytes.length >>> shift));
            }
            mac.update(bytes, 0, bytes.length);
        }
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
