package io.secretledger.query.departure;

import io.secretledger.api.departure.DepartureExposure;
import io.secretledger.api.departure.ExposureKind;
import io.secretledger.api.departure.FieldToRotate;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The report's one judgement, kept apart from storage so that it is tested on its own: is what was seen current? */
final class DepartureReports {

    private DepartureReports() {
    }

    /** The stored exposure with its secret as it is now (null: a secret the projection never saw created). */
    static DepartureExposure exposure(DepartureStore.Stored stored, DepartureStore.Secret secret) {
        FieldLineage field = secret == null ? null : secret.fields().get(stored.fieldKey());
        boolean purged = secret == null || secret.purged();
        boolean current = !purged && field != null && field.holds(stored.fieldVersion());
        return new DepartureExposure(stored.id(), stored.secretId(), secret == null ? null : secret.name(),
                stored.fieldKey(), stored.fieldVersion(), stored.at(), stored.ticketId(), stored.how(), stored.grant(),
                purged || field == null ? 0 : field.current(), current, secret != null && secret.deleted(), purged);
    }

    /** Collects the distinct fields still current among the exposures it is given, by secret name then field. */
    static final class ToRotate {

        private final Map<String, FieldToRotate> fields = new LinkedHashMap<>();
        private long count;

        void add(DepartureExposure exposure) {
            count++;
            if (!exposure.stillCurrent()) {
                return;
            }
            fields.merge(exposure.secretId() + "/" + exposure.fieldKey(), rotation(exposure, EnumSet.of(exposure.how())),
                    (known, again) -> {
                        Set<ExposureKind> how = EnumSet.copyOf(known.how());
                        how.addAll(again.how());
                        return new FieldToRotate(known.secretId(), known.secretName(), known.fieldKey(),
                                known.currentVersion(), known.secretDeleted(),
                                again.lastExposedAt().isAfter(known.lastExposedAt()) ? again.lastExposedAt()
                                        : known.lastExposedAt(), how);
                    });
        }

        long count() {
            return count;
        }

        List<FieldToRotate> fields() {
            return fields.values().stream().sorted(Comparator.comparing(FieldToRotate::secretName,
                            Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(FieldToRotate::fieldKey).thenComparing(FieldToRotate::secretId)).toList();
        }

        private static FieldToRotate rotation(DepartureExposure exposure, Set<ExposureKind> how) {
            return new FieldToRotate(exposure.secretId(), exposure.secretName(), exposure.fieldKey(),
                    exposure.currentVersion(), exposure.secretDeleted(), exposure.at(), how);
        }
    }
}
