package io.secretledger.api.common;

/** The Client Secret permissions of seed 000. */
public enum Permission {
    VIEW_ASSIGNED,
    MODIFY_ASSIGNED,
    VIEW_ALL,
    MODIFY_ALL,
    ACCOUNT_OWNER
}
