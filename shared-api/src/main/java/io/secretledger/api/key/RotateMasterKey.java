package io.secretledger.api.key;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An operator rotates the master key: every workspace key is rewrapped, then the old master key is retired. */
public record RotateMasterKey(@TargetAggregateIdentifier String custodyId, Actor actor) {

    /** The one custody record of the installation's master key. */
    public static final String CUSTODY = "master-key";
}
