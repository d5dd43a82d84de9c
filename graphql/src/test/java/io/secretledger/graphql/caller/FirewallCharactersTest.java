package io.secretledger.graphql.caller;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirewallCharactersTest {

    /** The expressions Spring Security's StrictHttpFirewall uses by default. */
    private static final Pattern ASSIGNED_NOT_CONTROL = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void judgesEveryCodePointAsTheFirewallsExpressionsDo() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String text = "a" + new String(Character.toChars(codePoint)) + "b";
            assertThat(FirewallCharacters.assignedNotControl(text)).as("U+%04X", codePoint)
                    .isEqualTo(ASSIGNED_NOT_CONTROL.matcher(text).matches());
            assertThat(FirewallCharacters.headerValue(text)).as("U+%04X in a header value", codePoint)
                    .isEqualTo(HEADER_VALUE.matcher(text).matches());
        }
    }

    @Test
    void judgesLoneSurrogatesAndEmptyTextAsTheFirewallsExpressionsDo() {
        for (String text : List.of("", "\uD800", "x\uDC00y", "\uDBFF\uDFFF", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig")) {
            assertThat(FirewallCharacters.assignedNotControl(text)).isEqualTo(ASSIGNED_NOT_CONTROL.matcher(text).matches());
            assertThat(FirewallCharacters.headerValue(text)).isEqualTo(HEADER_VALUE.matcher(text).matches());
        }
    }

    @Test
    void cannotReadAHeaderWithAControlCharacterThroughTheFirewall() {
        StrictHttpFirewall firewall = FirewallCharacters.firewall();
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/graphql");
        request.addHeader("Authorization", "Bearer abc\u0085def");
        request.addHeader("X-Tab", "a\tb");
        var firewalled = firewall.getFirewalledRequest(request);

        assertThat(firewalled.getHeader("X-Tab")).isEqualTo("a\tb");
        assertThatThrownBy(() -> firewalled.getHeader("Authorization")).isInstanceOf(RequestRejectedException.class);
    }
}
