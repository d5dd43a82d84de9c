package io.secretledger.infra.signin;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Sign-in with the team's own OpenID provider ({@code secretledger.auth.mode=oidc}, ADR 0021). The issuer and the
 * audiences are required: a token is accepted only when its {@code iss} is that issuer, it is signed by a key of the
 * issuer's JWK set (found through its discovery document unless named), it has not expired (beyond the clock skew),
 * and its {@code aud} names one of the configured audiences, so that a token the same provider issued to another
 * application is no key to SecretLedger. The keys are fetched on the first token, not at the start, so the service
 * starts while the provider is down; a token signed by a key the cached set lacks makes the set be fetched again, so
 * the provider's key rotation needs no restart.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "secretledger.auth.mode", havingValue = "oidc")
class ProviderSignIn {

    @Bean
    JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
                          @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri,
                          @Value("${spring.security.oauth2.resourceserver.jwt.audiences:}") List<String> audiences,
                          @Value("${secretledger.auth.clock-skew:60s}") Duration clockSkew) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("secretledger.auth.mode=oidc needs the provider's issuer: set "
                    + "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI to it (as its tokens name it in 'iss')");
        }
        if (audiences.stream().allMatch(String::isBlank)) {
            // One realm issues tokens to many applications under one issuer: only those meant for SecretLedger count.
            throw new IllegalStateException("secretledger.auth.mode=oidc needs the audience the provider puts in "
                    + "SecretLedger's tokens: set SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES (such as "
                    + "secretledger, or the client id of the application people sign in with)");
        }
        OAuth2TokenValidator<Jwt> validator = validator(issuer.strip(), audiences, clockSkew);
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = jwkSetUri == null || jwkSetUri.isBlank()
                    ? NimbusJwtDecoder.withIssuerLocation(issuer.strip()).build()
                    : NimbusJwtDecoder.withJwkSetUri(jwkSetUri.strip()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences, Duration clockSkew) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(clockSkew));
        validators.add(new JwtIssuerValidator(issuer));
        validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
        List<String> wanted = audiences.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        if (!wanted.isEmpty()) {
            validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.stream().anyMatch(wanted::contains)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}
