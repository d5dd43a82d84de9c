package io.secretledger.graphql.caller;

import io.secretledger.api.common.Plaintext;
import io.secretledger.api.workspace.AuthenticateServiceAccount;
import io.secretledger.api.workspace.ServiceAccountIdentity;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API tokens of service accounts: {@code slsa.<workspace id>.<token id>.<secret>}, the secret being 256
 * random bits. The workspace keeps only the secret's SHA-256 and checks each presented token against its
 * current state, so a revoked token fails on the very next request.
 */
public final class ServiceAccountTokens implements AuthenticationProvider {

    public static final String PREFIX = "slsa.";
    private static final Pattern FORM = Pattern.compile(
            "slsa\\.([0-9a-f-]{36})\\.([0-9a-f-]{36})\\.([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommandGateway commands;
    private final Duration timeout;

    ServiceAccountTokens(CommandGateway commands, Duration timeout) {
        this.commands = commands;
        this.timeout = timeout;
    }

    /** A fresh secret for a new token. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String token(String workspaceId, String tokenId, String secret) {
        return PREFIX + workspaceId + "." + tokenId + "." + secret;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        Matcher parts = FORM.matcher(token);
        if (!parts.matches()) {
            throw new BadCredentialsException("Not an API token");
        }
        try {
            ServiceAccountIdentity identity = commands.<ServiceAccountIdentity>send(new AuthenticateServiceAccount(
                    parts.group(1), parts.group(2), new Plaintext(parts.group(3))))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ServiceAccountAuthentication(identity);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadCredentialsException("Interrupted");
        } catch (Exception e) {
            throw new BadCredentialsException("The API token is invalid or revoked");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static final class ServiceAccountAuthentication extends AbstractAuthenticationToken {

        private final ServiceAccountIdentity identity;

        ServiceAccountAuthentication(ServiceAccountIdentity identity) {
            super(AuthorityUtils.createAuthorityList("SERVICE_ACCOUNT"));
            this.identity = identity;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return identity;
        }
    }
}
