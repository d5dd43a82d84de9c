package io.secretledger.infra.signin;

import io.secretledger.infra.SecretLedgerProperties;
import io.secretledger.infra.dev.LocalTokens;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Without an external OIDC issuer ({@code secretledger.auth.mode=oidc}), tokens come from the local issuer. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "secretledger.auth.mode", havingValue = "local", matchIfMissing = true)
class LocalTokenConfiguration {

    @Bean
    LocalTokens localTokens(SecretLedgerProperties properties) {
        return LocalTokens.loadOrCreate(properties.dataDir().resolve("keys").resolve("jwt.key"));
    }

    @Bean
    JwtDecoder jwtDecoder(LocalTokens localTokens) {
        return localTokens.decoder();
    }
}
