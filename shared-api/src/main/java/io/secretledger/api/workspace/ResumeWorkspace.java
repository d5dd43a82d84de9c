package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An installation operator lifts a suspension. */
public record ResumeWorkspace(@TargetAggregateIdentifier String workspaceId, Actor actor) {
}
