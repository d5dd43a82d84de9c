package io.secretledger.graphql.caller;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The character rules of Spring Security's {@link StrictHttpFirewall} for header and parameter names and values
 * (assigned code points, no control characters; a tab allowed in header values), checked by a loop instead of
 * the firewall's Unicode-property regular expressions.
 * <p>
 * Why: the firewall checks a header's value each time it is read, and a request reads its bearer token several
 * times; matching an 800-character JWT against {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} was a fifth of all
 * CPU samples of the warm reveal benchmark (JFR). Printable ASCII needs no lookup; anything else is judged as
 * the regular expression judges it.
 */
final class FirewallCharacters {

    private FirewallCharacters() {
    }

    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(FirewallCharacters::assignedNotControl);
        firewall.setAllowedHeaderValues(FirewallCharacters::headerValue);
        firewall.setAllowedParameterNames(FirewallCharacters::assignedNotControl);
        firewall.setAllowedParameterValues(FirewallCharacters::assignedNotControl);
        return firewall;
    }

    /** As {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
    static boolean assignedNotControl(String text) {
        return allowed(text, false);
    }

    /** As {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}. */
    static boolean headerValue(String text) {
        return allowed(text, true);
    }

    private static boolean allowed(String text, boolean tab) {
        int length = text.length();
        for (int i = 0; i < length; ) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                i++;
                continue;
            }
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tab && codePoint == '\t'))) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
