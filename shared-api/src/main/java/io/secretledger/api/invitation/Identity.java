package io.secretledger.api.invitation;

/**
 * A person as their identity provider names them: {@code issuer} and {@code subject} ({@code iss} and {@code sub}),
 * with the provider's word on their e-mail address. The local issuer's identities are SecretLedger's own.
 */
public record Identity(String issuer, String subject, String email, boolean emailVerified) {

    /** The issuer of the tokens SecretLedger signs itself (local sign-in). */
    public static final String LOCAL_ISSUER = "secretledger-local";
}
