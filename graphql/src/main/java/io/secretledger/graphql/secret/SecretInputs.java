package io.secretledger.graphql.secret;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.secret.FieldInput;
import io.secretledger.api.secret.GeneratorOptions;
import io.secretledger.api.secret.Visibility;

import java.time.Instant;
import java.util.List;

/** The inputs and payloads of the secret mutations, as the schema names them. */
final class SecretInputs {

    private SecretInputs() {
    }

    record GenerateValueInput(Integer length, Boolean uppercase, Boolean lowercase, Boolean digits, Boolean symbols) {

        GeneratorOptions toOptions() {
            return new GeneratorOptions(length, uppercase, lowercase, digits, symbols);
        }
    }

    record FieldValueInput(String key, String value, GenerateValueInput generate) {

        @Override
        public String toString() {
            return "FieldValueInput[key=" + key + "]";
        }

        static List<FieldInput> toCommand(List<FieldValueInput> values) {
            return values == null ? List.of() : values.stream().map(v -> new FieldInput(v.key(),
                    v.value() == null ? null : new Plaintext(v.value()),
                    v.generate() == null ? null : v.generate().toOptions())).toList();
        }
    }

    record CreateSecretInput(String templateId, String name, String description, Visibility visibility,
                             Instant expiresAt, List<FieldValueInput> values) {
    }

    record UpdateSecretInput(String id, Long expectedVersion, String name, String description,
                             List<FieldValueInput> values) {
    }

    record SetSecretActiveInput(String secretId, Boolean active) {
    }

    record SetSecretExpirationInput(String secretId, Instant expiresAt) {
    }

    record DeleteSecretInput(String secretId, Boolean force) {
    }

    record SecretIdInput(String secretId) {
    }

    record PurgeSecretInput(String secretId, String confirmName) {
    }

    record PurgeSecretPayload(String secretId) {
    }

    record RollbackSecretFieldInput(String secretId, String fieldKey, Integer toVersion) {
    }

    record SecretTicketInput(String secretId, String ticketId) {
    }

    record RevealSecretFieldInput(String secretId, String fieldKey, String ticketId, Boolean confirmExpired,
                                  String reason, Boolean seed) {
    }

    record SecretPayload(io.secretledger.api.secret.SecretView secret) {
    }

    record RevealSecretFieldPayload(String secretId, String fieldKey, int fieldVersion, String grant, String value,
                                    io.secretledger.api.totp.OneTimeCode oneTimeCode) {

        @Override
        public String toString() {
            return "RevealSecretFieldPayload[secretId=" + secretId + ", fieldKey=" + fieldKey + "]";
        }
    }
}
