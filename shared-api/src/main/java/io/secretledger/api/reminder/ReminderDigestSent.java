package io.secretledger.api.reminder;

import io.secretledger.api.common.Actor;

import java.time.Instant;
import java.util.List;

/**
 * Digest {@code digest} of the workspace's reminders: recorded before its mails leave, one per recipient, so that
 * no digest is mailed twice. Lists names and expiries only.
 */
public record ReminderDigestSent(String workspaceId, long digest, List<Recipient> recipients, Actor actor) {

    public record Recipient(String memberId, List<Line> lines) {
    }

    public record Line(String secretId, String name, Instant expiresAt) {
    }
}
