package io.secretledger.api.verification;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A member asks for a code by e-mail before revealing; answered with a {@link VerificationRequest}. */
public record RequestRevealVerification(@TargetAggregateIdentifier String verificationId, String workspaceId,
                                        String requestId, Actor actor) {

    /** The verification of one member of one workspace. */
    public static String idOf(String workspaceId, String memberId) {
        return workspaceId + "/" + memberId;
    }
}
