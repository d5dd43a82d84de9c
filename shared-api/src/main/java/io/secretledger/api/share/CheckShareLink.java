package io.secretledger.api.share;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What the link's first page shows (no view is used by it): whether it is live and asks for a code. */
public record CheckShareLink(@TargetAggregateIdentifier String linkId) {
}
