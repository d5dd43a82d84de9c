package io.secretledger.api.reminder;

/** What happened to a secret that its expiry reminders follow. */
public enum SecretExpiryChange {
    CREATED, EXPIRY_CHANGED, DELETED, RESTORED, PURGED
}
