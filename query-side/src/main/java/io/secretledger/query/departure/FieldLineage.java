package io.secretledger.query.departure;

import java.util.HashMap;
import java.util.Map;

/**
 * Which value a field holds now, told apart by the version that first held it: an edit, a generation or a file
 * attached starts a value of its own; a rollback makes a new version that holds an older version's value again. A
 * value seen at version 2 is current after a rotation to 3 and a rollback to 2 (version 4): comparing versions
 * alone would say it had been rotated away.
 *
 * @param current the field's version now
 * @param origin  the version whose value the current version holds
 * @param origins for each version made by a rollback, the version whose value it holds (the others hold their own)
 */
record FieldLineage(int current, int origin, Map<Integer, Integer> origins) {

    FieldLineage {
        origins = origins == null ? Map.of() : Map.copyOf(origins);
    }

    /** A field's first value, or a new one. */
    static FieldLineage of(int version) {
        return new FieldLineage(version, version, Map.of());
    }

    FieldLineage changedTo(int version) {
        return new FieldLineage(version, version, origins);
    }

    FieldLineage rolledBack(int version, int fromVersion) {
        int restored = originOf(fromVersion);
        Map<Integer, Integer> next = new HashMap<>(origins);
        next.put(version, restored);
        return new FieldLineage(version, restored, next);
    }

    /** Whether the value seen at {@code version} is the one the field holds now. */
    boolean holds(int version) {
        return originOf(version) == origin;
    }

    private int originOf(int version) {
        return origins.getOrDefault(version, version);
    }
}
