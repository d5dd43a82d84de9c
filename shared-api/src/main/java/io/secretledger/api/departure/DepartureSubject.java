package io.secretledger.api.departure;

import io.secretledger.api.common.ActorType;

import java.time.Instant;

/**
 * The member or service account a departure report is about, as the workspace knew them; a removed member is still
 * reported on (that is the point of the report), with {@code removedAt}.
 *
 * @param displayName the member's e-mail address or the service account's name
 */
public record DepartureSubject(String id, ActorType type, String displayName, boolean removed, Instant removedAt) {
}
