package io.secretledger.api.secret;

/**
 * One page of a secret's full event history, read from the event store.
 *
 * @param afterSequence the sequence of the last entry of the previous page, or null for the first page
 */
public record FindSecretHistory(String workspaceId, String viewerId, String secretId, boolean newestFirst, Long afterSequence,
                                int limit) {
}
