package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

import java.time.Instant;
import java.util.List;

/** One event of a secret's history in a person's terms; sensitive values only ever appear as "changed". */
public record HistoryEntry(long sequence, String type, Instant at, Actor actor, String summary,
                           List<FieldChange> changes) {

    public record FieldChange(String field, String change, String value) {
    }
}
