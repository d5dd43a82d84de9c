package io.secretledger.graphql.caller;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();

    /** Accepts "good-*" tokens valid for 60 s from NOW until the clock passes their expiry; refuses the rest. */
    private JwtDecoder real(Clock clock) {
        return token -> {
            verifications.incrementAndGet();
            Instant expiresAt = NOW.plusSeconds(60);
            if (!token.startsWith("good-") || !clock.instant().isBefore(expiresAt)) {
                throw new BadJwtException("refused");
            }
            return Jwt.withTokenValue(token).header("alg", "HS256").subject("m-1").issuedAt(NOW).expiresAt(expiresAt)
                    .build();
        };
    }

    @Test
    void verifiesEachTokenOnceWhileItIsValid() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CachedJwtDecoder decoder = new CachedJwtDecoder(real(clock), clock);
        assertThat(decoder.decode("good-1").getSubject()).isEqualTo("m-1");
        assertThat(decoder.decode("good-1").getSubject()).isEqualTo("m-1");
        decoder.decode("good-2");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void neverKeepsARefusedTokenAndSendsAnExpiredOneBackToBeRefused() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CachedJwtDecoder decoder = new CachedJwtDecoder(real(clock), clock);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);

    }

    @Test
    void aKeptTokenPastItsExpiryGoesBackToTheRealDecoderWhichRefusesIt() {
        MovableClock clock = new MovableClock(NOW);
        CachedJwtDecoder decoder = new CachedJwtDecoder(real(clock), clock);
        decoder.decode("good-1");
        clock.now = NOW.plusSeconds(61);
        assertThatThrownBy(() -> decoder.decode("good-1")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
