package io.secretledger.api.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a secret's field inside a request template, written {@code {{secret:<name>/<field>}}}: how
 * configurations and calls name secrets without holding their values (seeds 001, 003, 004).
 */
public record SecretReference(String secretName, String fieldKey) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{secret:([A-Za-z0-9][A-Za-z0-9._-]*)/"
            + "([A-Za-z0-9][A-Za-z0-9._-]*)}}");
    private static final String OPENING = "{{secret:";

    /** The references in a text, in order; null if the text holds an opening that is not a well-formed reference. */
    public static List<SecretReference> in(String text) {
        List<SecretReference> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            found.add(new SecretReference(matcher.group(1), matcher.group(2)));
        }
        int openings = 0;
        for (int at = text.indexOf(OPENING); at >= 0; at = text.indexOf(OPENING, at + OPENING.length())) {
            openings++;
        }
        return openings == found.size() ? found : null;
    }

    /** The text with each reference replaced by its field's value (the values of one secret, by field key). */
    public static String fill(String text, Map<String, String> values) {
        return text == null ? null
                : PLACEHOLDER.matcher(text).replaceAll(match -> Matcher.quoteReplacement(values.get(match.group(2))));
    }
}
