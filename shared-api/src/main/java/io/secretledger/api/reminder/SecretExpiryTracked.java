package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/** The reminders learnt of a change of the secret's expiry or state (its event {@code sequence}). */
public record SecretExpiryTracked(String secretId, String workspaceId, long sequence, SecretExpiryChange change,
                                  Instant expiresAt, Actor actor) {
}
