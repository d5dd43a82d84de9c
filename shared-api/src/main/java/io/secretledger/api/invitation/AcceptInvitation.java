package io.secretledger.api.invitation;

import io.secretledger.api.common.Plaintext;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The invited person accepts with the mailed token, as {@code identity}. {@code memberId}: the id a new member
 * gets (unused when the invitation binds an existing member). {@code tokenProvesMailbox}: the local issuer's
 * acceptance, where holding the mailed token is the proof of the address and the identity's subject becomes the
 * member id; otherwise the identity provider must have verified the invited address.
 */
public record AcceptInvitation(@TargetAggregateIdentifier String workspaceId, String invitationId, Plaintext token,
                               String memberId, Identity identity, boolean tokenProvesMailbox) {
}
