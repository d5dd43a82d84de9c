package io.secretledger.api.share;

import io.secretledger.api.common.Plaintext;

/**
 * The result of a view: the value and what is left, or (value null) why not: {@code codeRequired} when the page
 * must ask for the code (again), otherwise the link is dead.
 */
public record SharedFieldValue(Plaintext value, String fieldLabel, int viewsLeft, boolean codeRequired) {

    public static final SharedFieldValue DEAD = new SharedFieldValue(null, null, 0, false);

    public static SharedFieldValue askCode(String label) {
        return new SharedFieldValue(null, label, 0, true);
    }
}
