package io.secretledger.api.key;

import io.secretledger.api.common.Actor;

/** The master key changed; the ids are fingerprints, never the keys. */
public record MasterKeyRotated(String custodyId, String fromKeyId, String toKeyId, int rewrapped, Actor actor) {
}
