package io.secretledger.command.template;

import io.secretledger.api.template.FieldDefinition;
import io.secretledger.api.template.FieldType;
import io.secretledger.command.common.Violations;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The shape rules of a template and its fields. */
final class TemplateRules {

    static final int MAX_FIELDS = 100;
    static final int MAX_DESCRIPTION = 2_000;
    static final int MAX_OPTIONS = 200;
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private TemplateRules() {
    }

    static void validate(String name, String description, List<FieldDefinition> fields) {
        Violations violations = new Violations();
        checkName(name, violations);
        checkDescription(description, violations);
        if (fields == null || fields.isEmpty()) {
            violations.add("fields", "A template needs at least one field");
        } else if (fields.size() > MAX_FIELDS) {
            violations.add("fields", "A template has at most " + MAX_FIELDS + " fields");
        } else {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < fields.size(); i++) {
                validateField("fields[" + i + "]", fields.get(i), keys, violations);
            }
        }
        violations.throwIfAny();
    }

    static void checkName(String name, Violations violations) {
        if (name == null || name.isBlank()) {
            violations.add("name", "A template needs a name");
        } else if (name.length() > 200) {
            violations.add("name", "A template name has at most 200 characters");
        }
    }

    static void checkDescription(String description, Violations violations) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            violations.add("description", "A description has at most " + MAX_DESCRIPTION + " characters");
        }
    }

    static void validateField(String path, FieldDefinition field, Set<String> keys, Violations violations) {
        if (field.key() == null || !KEY.matcher(field.key()).matches()) {
            violations.add(path + ".key", "A field key is 1 to 64 lower-case letters, digits or _ and starts with a letter");
        } else if (!keys.add(field.key())) {
            violations.add(path + ".key", "Field keys are unique within a template");
        }
        if (field.label() == null || field.label().isBlank()) {
            violations.add(path + ".label", "A field needs a label");
        } else if (field.label().length() > 200) {
            violations.add(path + ".label", "A field label has at most 200 characters");
        }
        if (field.type() == null) {
            violations.add(path + ".type", "A field needs a type");
            return;
        }
        if (field.sensitive() && field.type() == FieldType.FILE) {
            violations.add(path + ".sensitive", "File fields cannot be marked sensitive");
        }
        if (field.type() == FieldType.CHOICE) {
            if (field.options().isEmpty()) {
                violations.add(path + ".options", "A choice field needs at least one option");
            } else if (new HashSet<>(field.options()).size() != field.options().size()) {
                violations.add(path + ".options", "Choice options are unique");
            } else if (field.options().size() > MAX_OPTIONS
                    || field.options().stream().anyMatch(o -> o == null || o.isBlank() || o.length() > 200)) {
                violations.add(path + ".options", "At most " + MAX_OPTIONS + " options of 1 to 200 characters");
            }
        } else if (!field.options().isEmpty()) {
            violations.add(path + ".options", "Only choice fields have options");
        }
    }
}
