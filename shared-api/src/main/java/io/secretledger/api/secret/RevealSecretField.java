package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks for the plaintext of one sensitive field; answered with a {@link RevealedValue}.
 *
 * @param confirmExpired the caller knows the secret has expired and reveals it anyway (needs MODIFY_ALL or
 *                       ACCOUNT_OWNER; recorded in the event)
 * @param reason         why the member needs the value (recorded in the event; required where the workspace asks)
 * @param seed           for a one-time-password field: the seed itself instead of the current code (needs the right
 *                       to modify the secret); meaningless for other fields, where it is refused
 */
public record RevealSecretField(@TargetAggregateIdentifier String secretId, String workspaceId, String fieldKey,
                                String ticketId, boolean confirmExpired, String reason, Actor actor, boolean seed) {

    public RevealSecretField(String secretId, String workspaceId, String fieldKey, String ticketId,
                             boolean confirmExpired, String reason, Actor actor) {
        this(secretId, workspaceId, fieldKey, ticketId, confirmExpired, reason, actor, false);
    }

    public RevealSecretField(String secretId, String workspaceId, String fieldKey, String ticketId, Actor actor) {
        this(secretId, workspaceId, fieldKey, ticketId, false, null, actor, false);
    }

    public RevealSecretField(String secretId, String workspaceId, String fieldKey, String ticketId,
                             boolean confirmExpired, Actor actor) {
        this(secretId, workspaceId, fieldKey, ticketId, confirmExpired, null, actor, false);
    }
}
