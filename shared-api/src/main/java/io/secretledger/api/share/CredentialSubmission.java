package io.secretledger.api.share;

import io.secretledger.api.common.ErrorDetails;

/** {@code stored} once the value is a new version of the field; otherwise {@code refused} says why (null: dead). */
public record CredentialSubmission(boolean stored, ErrorDetails refused) {
}
