package io.secretledger.graphql.caller;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks each distinct bearer token's signature and claims once, then answers from memory until the token
 * expires: a client sends the same token with every request, and verifying it again each time was a tenth of
 * the request threads' work (bench JFR). A token is kept only after the real decoder accepted it, and a kept
 * token past its expiry (or before its not-before) goes back to the real decoder, which refuses it. Member
 * tokens carry no revocable state here: permissions are decided on the command side at every change.
 */
final class CachedJwtDecoder implements JwtDecoder {

    private static final int MAX_TOKENS = 10_000;

    private final JwtDecoder decoder;
    private final Clock clock;
    private final Map<String, Jwt> verified = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Jwt> eldest) {
            return size() > MAX_TOKENS;
        }
    });

    CachedJwtDecoder(JwtDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) {
        Jwt known = verified.get(token);
        if (known != null && current(known)) {
            return known;
        }
        verified.remove(token);
        Jwt jwt = decoder.decode(token);
        if (jwt.getExpiresAt() != null && current(jwt)) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    private boolean current(Jwt jwt) {
        java.time.Instant now = clock.instant();
        return jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())
                && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
    }
}
