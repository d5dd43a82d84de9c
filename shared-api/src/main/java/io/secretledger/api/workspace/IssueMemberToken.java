package io.secretledger.api.workspace;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** An owner asks for a sign-in token for a member; answered with the {@link MemberTokenIssued} it records. */
public record IssueMemberToken(@TargetAggregateIdentifier String workspaceId, String memberId, String tokenId,
                               Instant expiresAt, Actor actor) {
}
