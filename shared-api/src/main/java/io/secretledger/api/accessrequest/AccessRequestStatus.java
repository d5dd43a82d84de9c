package io.secretledger.api.accessrequest;

/** Where a request stands: ENDED once its access ran out, its ticket closed, or it was withdrawn. */
public enum AccessRequestStatus {
    PENDING, APPROVED, DENIED, ENDED
}
