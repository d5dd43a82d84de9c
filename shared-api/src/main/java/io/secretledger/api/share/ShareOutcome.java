package io.secretledger.api.share;

/** Why a contact's view or submission gave nothing; recorded with the link, never told apart on the page. */
public enum ShareOutcome {
    EXPIRED,
    NO_VIEWS_LEFT,
    USED,
    REVOKED,
    FIELD_CHANGED,
    SECRET_GONE,
    CREATOR_LOST_ACCESS,
    CODE_REQUIRED,
    CODE_WRONG,
    TOO_MANY_CODE_FAILURES,
    VALUE_REFUSED
}
