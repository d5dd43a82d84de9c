package io.secretledger.api.share;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The contact asks for the e-mailed code a link requires; it goes to the address the link was made for. */
public record SendShareCode(@TargetAggregateIdentifier String linkId) {
}
