package io.secretledger.command.webhook;

/** The payload of a delivery's back-off deadline: which attempt falls due, so a stale or repeated one does nothing. */
record AttemptDue(String deliveryId, int attempt) {
}
