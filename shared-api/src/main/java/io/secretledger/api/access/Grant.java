package io.secretledger.api.access;

/**
 * One reason a member may act on a secret, such as {@code permission:VIEW_ALL}, {@code assignment} or
 * {@code rule:<id>}, with a sentence a person reads.
 */
public record Grant(String name, String explanation) {
}
