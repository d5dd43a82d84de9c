package io.secretledger.api.verification;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A member gives the code they received; answered with a {@link VerificationOutcome}, recorded either way. */
public record ConfirmRevealVerification(@TargetAggregateIdentifier String verificationId, String workspaceId,
                                        Plaintext code, Actor actor) {
}
