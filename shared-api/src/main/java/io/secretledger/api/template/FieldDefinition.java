package io.secretledger.api.template;

import java.util.List;

/**
 * One field of a template: {@code key} is the stable identifier values are stored under. A {@link FieldType#TOTP}
 * field is sensitive whatever the definition says: its seed is a credential.
 */
public record FieldDefinition(String key, String label, FieldType type, boolean required, boolean sensitive,
                              List<String> options) {

    public FieldDefinition {
        options = options == null ? List.of() : List.copyOf(options);
        sensitive = sensitive || type == FieldType.TOTP;
    }
}
