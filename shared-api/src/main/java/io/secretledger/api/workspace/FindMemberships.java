package io.secretledger.api.workspace;

/**
 * The workspaces a person (an identity provider's {@code issuer} and {@code subject}) is a member of: those whose
 * invitation they accepted signed in with that identity, and have not been removed from since. Answers
 * {@link Memberships}, empty when there is none.
 */
public record FindMemberships(String issuer, String subject) {
}
