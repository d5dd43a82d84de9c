package io.secretledger.graphql.integration;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes the values a call carried from what the destination answered: each value as it is, URL-encoded and in
 * Base64 (a destination that echoes a credential often echoes it encoded), longest first so that no part of a
 * longer form survives a shorter one's replacement.
 */
final class Redactor {

    static final String MARK = "[REDACTED]";

    private final List<String> forms;
    private int redactions;

    Redactor(Collection<String> values) {
        Set<String> all = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                continue;
            }
            all.add(value);
            all.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
            all.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            all.add(Base64.getEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        }
        forms = new ArrayList<>(all);
        forms.sort(Comparator.comparingInt(String::length).reversed());
    }

    String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String form : forms) {
            int at = result.indexOf(form);
            if (at < 0) {
                continue;
            }
            StringBuilder out = new StringBuilder(result.length());
            int from = 0;
            for (; at >= 0; at = result.indexOf(form, from)) {
                out.append(result, from, at).append(MARK);
                from = at + form.length();
                redactions++;
            }
            result = out.append(result, from, result.length()).toString();
        }
        return result;
    }

    int redactions() {
        return redactions;
    }
}
