package io.secretledger.api.verification;

/** Why a code was not accepted. */
public enum VerificationFailure {
    WRONG_CODE,
    EXPIRED_CODE,
    NO_PENDING_CODE,
    LOCKED_OUT
}
