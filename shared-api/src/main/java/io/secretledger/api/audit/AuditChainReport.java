package io.secretledger.api.audit;

/**
 * The result of a verification of the audit chain.
 *
 * @param intact        whether every stored entry in the range equals the one recomputed from the event store
 * @param checked       how many entries were compared
 * @param firstBroken   the position of the first entry that differs, is missing or is not in the event store
 * @param reason        why it differs ({@code CHANGED}, {@code MISSING}, {@code UNKNOWN}), null when intact
 * @param expectedHash  the hash recomputed from the event store at that position
 * @param storedHash    the hash the stored entry holds
 */
public record AuditChainReport(boolean intact, long checked, Long firstBroken, String reason, String expectedHash,
                               String storedHash) {
}
