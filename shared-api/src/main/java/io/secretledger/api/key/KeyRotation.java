package io.secretledger.api.key;

/** The answer to a rotation: from which key (version or fingerprint) to which, and how many keys were rewrapped. */
public record KeyRotation(String fromKey, String toKey, int rewrapped) {
}
