package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moves a secret to the deleted ones: hidden from lists, not revealed or edited, restorable. A secret that
 * integration configurations refer to is deleted only with {@code force} (seeds 003, 004: references).
 */
public record DeleteSecret(@TargetAggregateIdentifier String secretId, String workspaceId, boolean force,
                           Actor actor) {

    public DeleteSecret(String secretId, String workspaceId, Actor actor) {
        this(secretId, workspaceId, false, actor);
    }
}
