package io.secretledger.api.totp;

/** What a reveal of a one-time-password field handed out: the current code, or the seed itself. */
public enum TotpDisclosure {
    /** The code of the current time step, derived from the seed; the seed stayed inside. */
    CODE,
    /** The seed (as an otpauth URI); only a member who may modify the secret gets it. */
    SEED
}
