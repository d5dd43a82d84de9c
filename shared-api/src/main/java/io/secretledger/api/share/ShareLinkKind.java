package io.secretledger.api.share;

/** SHARE shows a field to a contact; COLLECT asks a contact for its value. */
public enum ShareLinkKind {
    SHARE,
    COLLECT
}
