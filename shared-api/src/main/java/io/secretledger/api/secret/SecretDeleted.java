package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;

import java.util.List;

/**
 * @param referencedBy the integration configurations that still referred to the secret when it was deleted with
 *                     force (empty otherwise)
 */
public record SecretDeleted(String secretId, String workspaceId, List<String> referencedBy, Actor actor) {

    public SecretDeleted {
        referencedBy = referencedBy == null ? List.of() : List.copyOf(referencedBy);
    }

    public SecretDeleted(String secretId, String workspaceId, Actor actor) {
        this(secretId, workspaceId, List.of(), actor);
    }
}
