package io.secretledger.command.secret;

import io.secretledger.api.secret.FieldInput;
import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.command.common.Violations;
import io.secretledger.command.crypto.ValueGenerator;
import io.secretledger.command.totp.TotpFields;

import java.time.Instant;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Input rules of a secret: its reference name and its values against the template's fields. */
final class SecretRules {

    static final int MAX_TEXT = 4_096;
    static final int MAX_MESSAGE = 65_536;
    static final int MAX_DESCRIPTION = 2_000;
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?");

    private SecretRules() {
    }

    static void checkName(String name, Violations violations) {
        if (name == null || name.isBlank()) {
            violations.add("name", "A secret needs a name");
        } else if (!NAME.matcher(name).matches()) {
            violations.add("name", "A name is 1 to 100 lower-case letters, digits, '.', '_' or '-', "
                    + "starting and ending with a letter or digit (such as payment-api-key)");
        }
    }

    /** An expiry is in the future when it is set; none means the secret never expires. */
    static void checkExpiry(Instant expiresAt, Instant now, Violations violations) {
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            violations.add("expiresAt", "An expiration date lies in the future");
        }
    }

    static void checkDescription(String description, Violations violations) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            violations.add("description", "A description has at most " + MAX_DESCRIPTION + " characters");
        }
    }

    /**
     * Checks given values against the fields; with {@code complete}, required fields must all be given
     * (creation), otherwise only the given ones are checked (an edit) but a required one cannot be cleared.
     */
    static void checkValues(List<FieldInput> values, Map<String, FieldDefinition> fields, boolean complete,
                            Violations violations) {
        Set<String> seen = new HashSet<>();
        for (FieldInput input : values) {
            String path = "values." + input.key();
            FieldDefinition field = input.key() == null ? null : fields.get(input.key());
            if (field == null) {
                violations.add(path, "The template has no field with this key");
                continue;
            }
            if (!seen.add(input.key())) {
                violations.add(path, "A field is given once");
                continue;
            }
            if (input.generate() != null) {
                if (!field.sensitive() || field.type() != FieldType.TEXT) {
                    violations.add(path, "Only sensitive text fields have generated values");
                } else if (input.value() != null && !input.value().hasNoText()) {
                    violations.add(path, "Give a value or ask for one to be generated, not both");
                } else {
                    ValueGenerator.check(input.generate(), path + ".generate", violations);
                }
                continue;
            }
            boolean blank = input.value() == null || input.value().hasNoText();
            if (blank) {
                if (field.required()) {
                    violations.add(path, "This field is required");
                }
                continue;
            }
            String value = input.value().value();
            if (field.type() == FieldType.FILE) {
                violations.add(path, "File fields are uploaded, not typed in");
            } else if (field.type() == FieldType.TOTP) {
                TotpFields.check(path, value, violations);
            } else if (field.type() == FieldType.CHOICE && !field.options().contains(value)) {
                violations.add(path, "Choose one of the field's options");
            } else if (field.type() == FieldType.MESSAGE ? value.length() > MAX_MESSAGE : value.length() > MAX_TEXT) {
                violations.add(path, "At most " + (field.type() == FieldType.MESSAGE ? MAX_MESSAGE : MAX_TEXT)
                        + " characters");
            }
        }
        if (complete) {
            for (FieldDefinition field : fields.values()) {
                if (field.required() && field.type() != FieldType.FILE && !seen.contains(field.key())) {
                    violations.add("values." + field.key(), "This field is required");
                }
            }
        }
    }
}
