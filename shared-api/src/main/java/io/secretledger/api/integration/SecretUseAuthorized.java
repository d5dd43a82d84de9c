package io.secretledger.api.integration;

import io.secretledger.api.common.Actor;

import java.util.List;

/**
 * Recorded before any value leaves the service for a call: which fields at which versions, to which destination
 * (scheme, host, port and path; never the query), for which service account.
 */
public record SecretUseAuthorized(String secretId, String workspaceId, String useId, List<UsedField> fields,
                                  String method, String destination, Actor actor) {
}
