package io.secretledger.command.secret;

import java.time.Instant;

/** The payload of a secret's expiration deadline: the expiry it was scheduled for, to spot stale ones. */
public record ExpiryDue(Instant expiresAt) {
}
