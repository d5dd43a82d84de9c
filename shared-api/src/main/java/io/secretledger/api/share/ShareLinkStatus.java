package io.secretledger.api.share;

public enum ShareLinkStatus {
    ACTIVE,
    USED,
    EXPIRED,
    REVOKED,
    FIELD_CHANGED,
    SECRET_GONE,
    SUBMITTED
}
