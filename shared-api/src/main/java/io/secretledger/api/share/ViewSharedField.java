package io.secretledger.api.share;

import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** One view of a shared field by the contact; {@code code} when the link requires the e-mailed code. */
public record ViewSharedField(@TargetAggregateIdentifier String linkId, Plaintext code) {
}
