package io.secretledger.command.key;

import io.secretledger.api.key.KeyRotation;
import io.secretledger.api.key.MasterKeyRotated;
import io.secretledger.api.key.RotateMasterKey;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.crypto.KeyHierarchy;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The installation's master key, as far as the history needs it: which key (by fingerprint) is current, and
 * every rotation with who asked for it. Rotations run one at a time because they go through this aggregate.
 */
@Aggregate
public class KeyCustody {

    @AggregateIdentifier
    private String custodyId;

    protected KeyCustody() {
    }

    /** Only an operator may ask (the API checks the caller's operator claim before sending this). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public KeyRotation handle(RotateMasterKey command, KeyHierarchy keys) {
        if (command.actor() == null) {
            throw DomainException.forbidden("Rotating the master key needs an operator");
        }
        KeyHierarchy.Rotation rotation;
        try {
            rotation = keys.rotateMasterKey();
        } catch (UnsupportedOperationException e) {
            throw DomainException.invalid(null, e.getMessage());
        }
        apply(new MasterKeyRotated(command.custodyId(), rotation.from(), rotation.to(), rotation.rewrapped(),
                command.actor()));
        return new KeyRotation(rotation.from(), rotation.to(), rotation.rewrapped());
    }

    @EventSourcingHandler
    void on(MasterKeyRotated event) {
        custodyId = event.custodyId();
    }
}
