package io.secretledger.command.accessrequest;

/** The deadline at the end of request {@code number}'s access. */
record GrantEnds(int number) {
}
