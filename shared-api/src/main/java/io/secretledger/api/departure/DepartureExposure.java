package io.secretledger.api.departure;

import java.time.Instant;

/**
 * One time a value left SecretLedger for the subject: which secret, field and version, when, on which ticket, how,
 * and whether that value is still the field's current one. Ids, keys, versions and times only: never a value.
 *
 * @param id             the exposure's own id (the cursor's tie-breaker)
 * @param grant          the grant a reveal or download recorded, null for a use
 * @param currentVersion the field's version now, 0 once the secret is purged
 * @param stillCurrent   the field still holds the value seen (its version, or a rollback to it) and the secret is
 *                       not purged: rotate it
 */
public record DepartureExposure(String id, String secretId, String secretName, String fieldKey, int fieldVersion,
                                Instant at, String ticketId, ExposureKind how, String grant, int currentVersion,
                                boolean stillCurrent, boolean secretDeleted, boolean secretPurged) {
}
