package io.secretledger.api.secret;

/** How a list of secrets is ordered; ties are broken by id. */
public enum SecretOrder {
    /** By name, A to Z. */
    NAME,
    /** Newest first. */
    CREATED,
    /** Most recently changed first. */
    UPDATED,
    /** Soonest expiry first; secrets that never expire last. */
    EXPIRES
}
