package io.secretledger.api.share;

import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The contact's browser posts the value asked for. */
public record SubmitCredential(@TargetAggregateIdentifier String linkId, Plaintext value) {
}
