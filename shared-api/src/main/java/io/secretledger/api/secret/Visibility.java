package io.secretledger.api.secret;

/** Fixed when a secret is created (seed 001). */
public enum Visibility {
    /** Sensitive fields are masked and can be revealed on purpose by a person allowed to. */
    MASKED,
    /** Never shown to a person after creation; only integrations can use the values. */
    RESTRICTED
}
