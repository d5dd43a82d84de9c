package io.secretledger.api.webhook;

/** How an attempt to deliver ended; a delivery is PENDING until one is DELIVERED or the last one FAILED. */
public enum DeliveryOutcome {
    PENDING,
    DELIVERED,
    FAILED
}
