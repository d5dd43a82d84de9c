package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

import java.time.Instant;
import java.util.List;

/** The versions of a field, newest first; {@code value} only for a field that is not sensitive. */
public record FieldVersions(List<Version> versions) {

    /** {@code change} is set, changed, cleared or rolled back; {@code fromVersion} says to which, if rolled back. */
    public record Version(int version, Instant at, Actor actor, String change, Integer fromVersion, String value,
                          boolean current) {
    }
}
