package io.secretledger.api.template;

public enum FieldType {
    TEXT,
    CHOICE,
    MESSAGE,
    FILE
}
