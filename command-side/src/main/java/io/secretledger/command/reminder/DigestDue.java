package io.secretledger.command.reminder;

/** The payload of a digest's deadline: its number, so that a second firing finds it sent. */
record DigestDue(long digest) {
}
