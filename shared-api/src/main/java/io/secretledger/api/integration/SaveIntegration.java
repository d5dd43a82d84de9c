package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Creates or changes an integration configuration: a request to an endpoint whose headers and body name secrets by
 * reference, and optionally the key its payloads are encrypted with ({@code encryptionKeyRef}, {@code name/field};
 * seed 004: keys are never entered directly). It holds references only, never a value.
 */
public record SaveIntegration(@TargetAggregateIdentifier String integrationId, String workspaceId, String name,
                              String method, String url, List<HeaderTemplate> headers, String body,
                              String encryptionKeyRef, Actor actor) {
}
