package io.secretledger.query.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secretledger.api.audit.AuditEntry;
import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One audit entry as one line of JSON: how the log is stored and, byte for byte, what the NDJSON export sends, so that
 * an export copies stored lines instead of decoding and encoding every entry (ADR 0017, second addendum).
 * <p>
 * Fields in a fixed order, every field present ({@code null} when absent), {@code at} as an ISO-8601 instant:
 * <pre>{"position":7,"workspaceId":"..","at":"2026-11-23T10:15:30.123Z","actor":{"type":"MEMBER","id":"..",
 * "displayName":".."},"action":"SecretRevealed","targetType":"secret","targetId":"..","grant":"..","ticketId":null,
 * "result":"revealed","hash":".."}</pre>
 */
final class AuditJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private AuditJson() {
    }

    /** A line the store or the export cannot read back: edited by hand, or damaged. */
    static final class UnreadableEntry extends IllegalStateException {
        UnreadableEntry(String reason, Throwable cause) {
            super("An audit entry in the store is not readable (" + reason + "): run verifyAuditChain", cause);
        }
    }

    static String write(AuditEntry entry) {
        StringWriter line = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeNumberField("position", entry.position());
            json.writeStringField("workspaceId", entry.workspaceId());
            json.writeStringField("at", entry.at().toString());
            json.writeObjectFieldStart("actor");
            json.writeStringField("type", entry.actor().type().name());
            json.writeStringField("id", entry.actor().id());
            json.writeStringField("displayName", entry.actor().displayName());
            json.writeEndObject();
            json.writeStringField("action", entry.action());
            json.writeStringField("targetType", entry.targetType());
            json.writeStringField("targetId", entry.targetId());
            json.writeStringField("grant", entry.grant());
            json.writeStringField("ticketId", entry.ticketId());
            json.writeStringField("result", entry.result());
            json.writeStringField("hash", entry.hash());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }

    /** The entry a line holds; {@link UnreadableEntry} if it is not one. */
    static AuditEntry read(String line) {
        Map<String, String> fields = new HashMap<>(16);
        Map<String, String> actor = new HashMap<>(4);
        try (JsonParser json = JSON.createParser(line)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.START_OBJECT && name.equals("actor")) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String field = json.currentName();
                        json.nextToken();
                        actor.put(field, json.getValueAsString());
                    }
                } else if (value.isScalarValue()) {
                    fields.put(name, json.getValueAsString());
                } else {
                    throw new UnreadableEntry("unexpected value of " + name, null);
                }
            }
            return new AuditEntry(Long.parseLong(required(fields, "position")), fields.get("workspaceId"),
                    Instant.parse(required(fields, "at")), new Actor(ActorType.valueOf(required(actor, "type")),
                    actor.get("id"), actor.get("displayName")), fields.get("action"), fields.get("targetType"),
                    fields.get("targetId"), fields.get("grant"), fields.get("ticketId"), fields.get("result"),
                    fields.get("hash"));
        } catch (UnreadableEntry e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UnreadableEntry(e.getClass().getSimpleName(), e);
        }
    }

    /** The position of a line's entry, read without the rest of it when it comes first (as written). */
    static long position(String line) {
        try (JsonParser json = JSON.createParser(line)) {
            if (json.nextToken() == JsonToken.START_OBJECT && json.nextToken() == JsonToken.FIELD_NAME
                    && json.currentName().equals("position") && json.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                return json.getLongValue();
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableEntry(e.getClass().getSimpleName(), e);
        }
        return read(line).position();
    }

    private static void expect(JsonToken token, JsonToken expected) {
        if (token != expected) {
            throw new UnreadableEntry("not a JSON object", null);
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new UnreadableEntry("no " + name, null);
        }
        return value;
    }
}
