package io.secretledger.api.departure;

/** How a value reached someone outside SecretLedger's keeping. */
public enum ExposureKind {
    /** A person revealed a sensitive field ({@code SecretRevealed}). */
    REVEAL,
    /** A person downloaded a FILE field ({@code SecretFileDownloaded}). */
    FILE_DOWNLOAD,
    /** An integration had the field placed into an outbound call ({@code SecretUseAuthorized}, {@code SecretUsed}). */
    USE
}
