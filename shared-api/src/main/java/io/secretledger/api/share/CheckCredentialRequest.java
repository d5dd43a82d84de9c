package io.secretledger.api.share;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CheckCredentialRequest(@TargetAggregateIdentifier String linkId) {
}
