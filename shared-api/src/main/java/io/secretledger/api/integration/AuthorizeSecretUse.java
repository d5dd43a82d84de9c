package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;

import java.util.List;

/**
 * A service account asks to place fields of a secret, named by its reference name, into a call to the
 * destination; answered with a {@link SecretUseGrant} once {@link SecretUseAuthorized} is stored.
 *
 * @param destination the absolute URL the call goes to
 */
public record AuthorizeSecretUse(String workspaceId, String secretName, List<String> fieldKeys, String method,
                                 String destination, String useId, Actor actor) {
}
