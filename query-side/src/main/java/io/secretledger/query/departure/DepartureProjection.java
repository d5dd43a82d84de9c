package io.secretledger.query.departure;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.ErrorDetails;
import io.secretledger.api.departure.DepartureExposure;
import io.secretledger.api.departure.DepartureExposurePage;
import io.secretledger.api.departure.DepartureReport;
import io.secretledger.api.departure.DepartureSubject;
import io.secretledger.api.departure.ExposureKind;
import io.secretledger.api.departure.FindDepartureExposures;
import io.secretledger.api.departure.FindDepartureReport;
import io.secretledger.api.integration.SecretUseAuthorized;
import io.secretledger.api.integration.SecretUsed;
import io.secretledger.api.integration.UsedField;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.SecretCreated;
import io.secretledger.api.secret.SecretDeleted;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.SecretFieldRolledBack;
import io.secretledger.api.secret.SecretFileAttached;
import io.secretledger.api.secret.SecretFileDownloaded;
import io.secretledger.api.secret.SecretPurged;
import io.secretledger.api.secret.SecretRestored;
import io.secretledger.api.secret.SecretRevealed;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.ServiceAccountCreated;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.query.workspace.Viewers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The departing-member report (issue 20): for a member or service account, every field value they revealed,
 * downloaded or had used in a call, and which of those values the field still holds, i.e. what to rotate when
 * they leave. Its own processing group, so that {@code rebuildProjection(name: "departure-report")} replays it;
 * idempotent (see {@link DepartureStore}). Readable by account owners, like the audit log it is drawn from, and by
 * installation operators, whose every read the workspace's audit log records (ADR 0024).
 */
@Component
@ProcessingGroup(DepartureProjection.PROCESSING_GROUP)
class DepartureProjection {

    static final String PROCESSING_GROUP = "departure-report";

    private final DepartureStore store;
    private final Viewers viewers;

    DepartureProjection(MongoTemplate mongo, Viewers viewers) {
        this.store = new DepartureStore(mongo.getDb());
        this.viewers = viewers;
    }

    // --- who the workspace had

    @EventHandler
    void on(WorkspaceCreated event) {
        store.subject(event.workspaceId(), event.ownerMemberId(), ActorType.MEMBER, event.ownerEmail());
    }

    @EventHandler
    void on(MemberAdded event) {
        store.subject(event.workspaceId(), event.memberId(), ActorType.MEMBER, event.email());
    }

    /** The member stays a subject: the report is for the ones who left. */
    @EventHandler
    void on(MemberRemoved event, @Timestamp Instant at) {
        store.removed(event.workspaceId(), event.memberId(), at);
    }

    @EventHandler
    void on(ServiceAccountCreated event) {
        store.subject(event.workspaceId(), event.serviceAccountId(), ActorType.SERVICE_ACCOUNT, event.name());
    }

    // --- which value each field holds

    @EventHandler
    void on(SecretCreated event, @SequenceNumber long sequence) {
        Map<String, Integer> versions = new LinkedHashMap<>();
        event.values().forEach(value -> versions.put(value.key(), value.version()));
        store.created(event.secretId(), event.workspaceId(), event.name(), sequence, versions);
    }

    @EventHandler
    void on(SecretEdited event, @SequenceNumber long sequence) {
        DepartureStore.Secret secret = store.secret(event.secretId());
        if (secret == null || event.values().isEmpty()) {
            return;
        }
        Map<String, FieldLineage> fields = new LinkedHashMap<>();
        for (FieldValue value : event.values()) {
            FieldLineage known = secret.fields().get(value.key());
            fields.put(value.key(), known == null ? FieldLineage.of(value.version()) : known.changedTo(value.version()));
        }
        store.changed(event.secretId(), sequence, fields, null, null);
    }

    @EventHandler
    void on(SecretFieldRolledBack event, @SequenceNumber long sequence) {
        DepartureStore.Secret secret = store.secret(event.secretId());
        if (secret == null) {
            return;
        }
        FieldValue value = event.value();
        FieldLineage known = secret.fields().get(value.key());
        FieldLineage next = known == null ? FieldLineage.of(value.version())
                : known.rolledBack(value.version(), event.fromVersion());
        store.changed(event.secretId(), sequence, Map.of(value.key(), next), null, null);
    }

    @EventHandler
    void on(SecretFileAttached event, @SequenceNumber long sequence) {
        DepartureStore.Secret secret = store.secret(event.secretId());
        if (secret == null) {
            return;
        }
        FieldLineage known = secret.fields().get(event.file().key());
        int version = event.file().version();
        store.changed(event.secretId(), sequence, Map.of(event.file().key(),
                known == null ? FieldLineage.of(version) : known.changedTo(version)), null, null);
    }

    @EventHandler
    void on(SecretDeleted event, @SequenceNumber long sequence) {
        store.changed(event.secretId(), sequence, Map.of(), true, null);
    }

    @EventHandler
    void on(SecretRestored event, @SequenceNumber long sequence) {
        store.changed(event.secretId(), sequence, Map.of(), false, null);
    }

    /** Its data key is destroyed: no value of it can be current again, whatever was seen. */
    @EventHandler
    void on(SecretPurged event, @SequenceNumber long sequence) {
        store.changed(event.secretId(), sequence, Map.of(), null, true);
    }

    // --- exposures

    @EventHandler
    void on(SecretRevealed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (event.totp() == io.secretledger.api.totp.TotpDisclosure.CODE) {
            // A one-time code is worthless once its step ends and the seed stayed inside (ADR 0026): nothing to rotate.
            return;
        }
        exposed(event.actor(), subject -> new DepartureStore.Stored(event.secretId() + ":" + sequence,
                event.workspaceId(), subject, event.secretId(), event.fieldKey(), event.fieldVersion(), at,
                event.ticketId(), ExposureKind.REVEAL, event.grant()));
    }

    @EventHandler
    void on(SecretFileDownloaded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        exposed(event.actor(), subject -> new DepartureStore.Stored(event.secretId() + ":" + sequence,
                event.workspaceId(), subject, event.secretId(), event.fieldKey(), event.fileVersion(), at,
                event.ticketId(), ExposureKind.FILE_DOWNLOAD, event.grant()));
    }

    /**
     * Stored before the values leave for the call, so a use counts from here even when the call's outcome was never
     * recorded (a crash in between); its {@link SecretUsed} names the same use and adds nothing.
     */
    @EventHandler
    void on(SecretUseAuthorized event, @Timestamp Instant at) {
        used(event.actor(), event.workspaceId(), event.secretId(), event.useId(), event.fields(), at);
    }

    @EventHandler
    void on(SecretUsed event, @Timestamp Instant at) {
        used(event.actor(), event.workspaceId(), event.secretId(), event.useId(), event.fields(), at);
    }

    private void used(Actor actor, String workspaceId, String secretId, String useId, List<UsedField> fields,
                      Instant at) {
        for (UsedField field : fields == null ? List.<UsedField>of() : fields) {
            exposed(actor, subject -> new DepartureStore.Stored(secretId + ":use:" + useId + ":" + field.fieldKey(),
                    workspaceId, subject, secretId, field.fieldKey(), field.version(), at, null, ExposureKind.USE,
                    null));
        }
    }

    /** Members and service accounts are subjects; the system and operators reveal nothing. */
    private void exposed(Actor actor, Function<String, DepartureStore.Stored> exposure) {
        if (actor != null && (actor.type() == ActorType.MEMBER || actor.type() == ActorType.SERVICE_ACCOUNT)) {
            store.exposed(exposure.apply(actor.id()));
        }
    }

    @ResetHandler
    void reset() {
        store.clear();
    }

    // --- answers

    /** Reads every exposure of the range once: the list to rotate must not depend on the page asked for. */
    @QueryHandler
    DepartureReport handle(FindDepartureReport query) {
        ErrorDetails refusal = refusal(query.workspaceId(), query.viewerId(), query.operator(), query.subjectId());
        if (refusal != null) {
            return DepartureReport.refused(refusal);
        }
        DepartureSubject subject = store.subject(query.workspaceId(), query.subjectId());
        DepartureReports.ToRotate toRotate = new DepartureReports.ToRotate();
        store.exposures(query.workspaceId(), query.subjectId(), query.from(), query.to(), null, null)
                .forEachRemaining(toRotate::add);
        return new DepartureReport(null, subject, toRotate.count(), toRotate.fields());
    }

    @QueryHandler
    DepartureExposurePage handle(FindDepartureExposures query) {
        ErrorDetails refusal = refusal(query.workspaceId(), query.viewerId(), query.operator(), query.subjectId());
        if (refusal != null) {
            return DepartureExposurePage.refused(refusal);
        }
        Iterator<DepartureExposure> exposures = store.exposures(query.workspaceId(), query.subjectId(), query.from(),
                query.to(), query.afterAt(), query.afterId());
        List<DepartureExposure> page = new ArrayList<>();
        while (page.size() <= query.limit() && exposures.hasNext()) {
            page.add(exposures.next());
        }
        boolean hasNext = page.size() > query.limit();
        return new DepartureExposurePage(null, hasNext ? page.subList(0, query.limit()) : page, hasNext);
    }

    /**
     * Owners only, or an installation operator (authenticated by the API, which has recorded the read in the
     * workspace's audit log, ADR 0024); a subject this workspace never had is NOT_FOUND, whatever another workspace
     * holds.
     */
    private ErrorDetails refusal(String workspaceId, String viewerId, boolean operator, String subjectId) {
        if (!operator && !viewers.isAccountOwner(workspaceId, viewerId)) {
            return ErrorDetails.of(ErrorCode.FORBIDDEN, null, "Only account owners read departure reports");
        }
        if (store.subject(workspaceId, subjectId) == null) {
            return ErrorDetails.of(ErrorCode.NOT_FOUND, "memberId",
                    "No member or service account of this workspace has this id");
        }
        return null;
    }
}
