package io.secretledger.command.workspace;

import io.secretledger.command.common.Violations;

import java.util.regex.Pattern;

/** Input rules of members. */
final class MemberRules {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final int MAX_PROFILE = 200;

    private MemberRules() {
    }

    static void checkEmail(String email, String field, Violations violations) {
        if (email == null || !EMAIL.matcher(email.strip()).matches()) {
            violations.add(field, "A member needs an e-mail address");
        }
    }

    static void checkProfile(String title, String division, Violations violations) {
        if (title != null && title.length() > MAX_PROFILE) {
            violations.add("title", "A title has at most " + MAX_PROFILE + " characters");
        }
        if (division != null && division.length() > MAX_PROFILE) {
            violations.add("division", "A division has at most " + MAX_PROFILE + " characters");
        }
    }
}
