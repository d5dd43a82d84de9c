package io.secretledger.api.share;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ErrorCode;

/** A posted value that was not stored: the link was dead ({@code outcome}) or the value broke a rule. */
public record CredentialSubmissionRefused(String linkId, String workspaceId, String secretId, String fieldKey,
                                          ShareOutcome outcome, ErrorCode code, String field, Actor actor) {
}
