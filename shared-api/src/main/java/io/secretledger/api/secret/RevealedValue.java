package io.secretledger.api.secret;

import io.secretledger.api.common.Plaintext;

public record RevealedValue(String secretId, String fieldKey, int fieldVersion, String grant, Plaintext value) {
}
