package io.secretledger.query.audit;

import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.common.Actor;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How an event becomes an audit entry, and how entries are chained: the one definition used both by the
 * projection that stores the log and by the verification that recomputes it from the event store.
 * <p>
 * Every event of the system is a record naming its workspace and (almost always) its actor; the entry takes
 * those, the first identifier that says what the event is about, and the grant and ticket where the event has
 * them. It never takes any other field, so no value, ciphertext or code reaches the log.
 */
final class AuditEntries {

    /** The workspace of events that belong to none, such as a master key rotation. */
    static final String SYSTEM = "system";
    /** The hash before the first entry of a chain: 64 zeros. */
    static final String GENESIS = "0".repeat(64);

    private static final List<String> TARGETS = List.of("secretId", "templateId", "ticketId", "memberId",
            "serviceAccountId", "verificationId", "custodyId", "workspaceId");
    private static final Map<String, String> RESULTS = Map.ofEntries(
            Map.entry("SecretRevealed", "revealed"), Map.entry("SecretRevealRefused", "refused"),
            Map.entry("AccessRequested", "requested"), Map.entry("AccessRequestApproved", "approved"),
            Map.entry("AccessRequestDenied", "denied"), Map.entry("BreakGlassAccessGranted", "break-glass"),
            Map.entry("AccessGrantExpired", "ended"),
            Map.entry("SecretFileDownloaded", "downloaded"), Map.entry("VerificationSucceeded", "succeeded"),
            Map.entry("VerificationFailed", "failed"), Map.entry("VerificationLockedOut", "locked out"),
            Map.entry("VerificationRequested", "requested"), Map.entry("SecretUseAuthorized", "authorized"),
            Map.entry("SecretUseRefused", "refused"), Map.entry("SecretUsed", "used"),
            Map.entry("SecretKeyUsed", "key used"),
            Map.entry("FieldShared", "shared"), Map.entry("SharedFieldViewed", "viewed"),
            Map.entry("ShareLinkRefused", "refused"), Map.entry("ShareLinkRevoked", "revoked"),
            Map.entry("CredentialRequested", "requested"), Map.entry("CredentialSubmitted", "submitted"),
            Map.entry("CredentialSubmissionRefused", "refused"));
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private AuditEntries() {
    }

    /** The event's global position in the event store, which orders the log. */
    static long position(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("The event store gives no position"));
    }

    /** The entry of an event, without its hash; null for a payload that is not one of the system's records. */
    static AuditEntry describe(EventMessage<?> event, long position) {
        Object payload = event.getPayload();
        if (payload == null || !payload.getClass().isRecord()) {
            return null;
        }
        Map<String, Object> fields = new HashMap<>();
        for (RecordComponent component : COMPONENTS.computeIfAbsent(payload.getClass(), Class::getRecordComponents)) {
            Object value = read(component, payload);
            if (value != null) {
                fields.put(component.getName(), value);
            }
        }
        String workspaceId = (String) fields.get("workspaceId");
        Actor actor = fields.get("actor") instanceof Actor a ? a : null;
        String target = TARGETS.stream().filter(fields::containsKey).findFirst().orElse(null);
        String targetType = target == null ? null : target.substring(0, target.length() - 2);
        String targetId = target == null ? null : fields.get(target).toString();
        String grant = text(fields.get("grant"));
        String ticketId = text(fields.get("ticketId"));
        String reason = text(fields.get("reason"));
        String action = payload.getClass().getSimpleName();
        String result = RESULTS.getOrDefault(action, "recorded");
        if (fields.get("totp") instanceof io.secretledger.api.totp.TotpDisclosure disclosed) {
            // A one-time-password field (ADR 0026): its current code, or its seed.
            result = result + " " + disclosed.name().toLowerCase(java.util.Locale.ROOT);
        }
        if (reason != null) {
            result = result + ": " + reason;
        }
        if (fields.get("operation") != null) {
            result = result + ": " + fields.get("operation");
        }
        if (fields.get("status") instanceof Integer status) {
            result = result + ": " + status + " " + text(fields.get("outcome"));
        } else if (fields.get("status") instanceof io.secretledger.api.ticket.TicketStatus status) {
            result = result + ": " + status;
        }
        if (fields.get("channel") != null) {
            // How a report was read (DepartureReportRead, ADR 0024): no event before it has a channel.
            result = result + ": " + fields.get("channel");
        }
        if (fields.get("destination") != null) {
            result = result + " -> " + fields.get("destination");
        }
        // Milliseconds, as the projection store keeps a time.
        return new AuditEntry(position, workspaceId == null ? SYSTEM : workspaceId,
                event.getTimestamp().truncatedTo(ChronoUnit.MILLIS),
                actor == null ? Actor.SYSTEM : actor, action, targetType, targetId, grant, ticketId, result, null);
    }

    static AuditEntry describe(TrackedEventMessage<?> event) {
        return describe(event, position(event.trackingToken()));
    }

    /** The entry with its hash: SHA-256 over the previous entry's hash (hex) and the entry's canonical form. */
    static AuditEntry chained(AuditEntry entry, String previousHash) {
        MessageDigest sha256 = sha256();
        sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        sha256.update(canonical(entry).getBytes(StandardCharsets.UTF_8));
        return new AuditEntry(entry.position(), entry.workspaceId(), entry.at(), entry.actor(), entry.action(),
                entry.targetType(), entry.targetId(), entry.grant(), entry.ticketId(), entry.result(),
                HexFormat.of().formatHex(sha256.digest()));
    }

    /**
     * Every field but the hash, in a fixed order, each escaped so that no two entries share a form: a field is
     * written as its length, a colon and its text ({@code -} for none).
     */
    static String canonical(AuditEntry entry) {
        StringBuilder form = new StringBuilder(256);
        for (String field : new String[] {Long.toString(entry.position()), entry.workspaceId(),
                entry.at() == null ? null : entry.at().toString(), entry.actor().type().name(), entry.actor().id(),
                entry.actor().displayName(), entry.action(), entry.targetType(), entry.targetId(), entry.grant(),
                entry.ticketId(), entry.result()}) {
            if (field == null) {
                form.append('-');
            } else {
                form.append(field.length()).append(':').append(field);
            }
            form.append('|');
        }
        return form.toString();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + component.getName() + " of an event", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
