package io.secretledger.api.secret;

import io.secretledger.api.template.FieldType;

/** A field as any reader sees it: {@code value} is null for a sensitive field, which is only {@code masked}. */
public record FieldView(String key, String label, FieldType type, boolean sensitive, boolean masked, String value,
                        int version) {
}
