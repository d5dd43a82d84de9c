package io.secretledger.api.template;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archives a template (no new secret from it) or, with {@code archived} false, brings it back. */
public record ArchiveTemplate(@TargetAggregateIdentifier String templateId, String workspaceId, boolean archived,
                              Actor actor) {
}
