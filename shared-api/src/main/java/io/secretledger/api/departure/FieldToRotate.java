package io.secretledger.api.departure;

import java.time.Instant;
import java.util.Set;

/**
 * One field whose current value the subject saw or used: what to rotate. A deleted secret is listed too (it can be
 * restored, and the value may still open whatever it opens); a purged one is not.
 *
 * @param lastExposedAt the latest exposure in the report's range
 * @param how           every way the value reached the subject in that range
 */
public record FieldToRotate(String secretId, String secretName, String fieldKey, int currentVersion,
                            boolean secretDeleted, Instant lastExposedAt, Set<ExposureKind> how) {

    public FieldToRotate {
        how = how == null ? Set.of() : Set.copyOf(how);
    }
}
