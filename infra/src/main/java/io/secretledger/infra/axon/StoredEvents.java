package io.secretledger.infra.axon;

/** Whether the event store already holds events: a new master key may only be made for an empty store. */
@FunctionalInterface
public interface StoredEvents {

    boolean any();
}
