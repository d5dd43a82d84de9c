package io.secretledger.api.audit;

import io.secretledger.api.common.Actor;

import java.time.Instant;

/**
 * One entry of a workspace's audit log: one event of any aggregate, in the event store's order.
 *
 * @param position     the event's global position in the event store (the entries' order)
 * @param action       the event's name, such as {@code SecretRevealed}
 * @param targetType   what the event is about ({@code secret}, {@code member}, {@code template}, ...)
 * @param grant        the grant that allowed a reveal or a use, if the event names one
 * @param ticketId     the ticket the action was taken for, if any
 * @param result       what happened ({@code recorded} for a change, {@code revealed}, {@code failed}, ...)
 * @param hash         hex SHA-256 of the previous entry's hash and this entry's canonical form
 */
public record AuditEntry(long position, String workspaceId, Instant at, Actor actor, String action,
                         String targetType, String targetId, String grant, String ticketId, String result,
                         String hash) {
}
