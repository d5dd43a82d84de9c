package io.secretledger.infra.dev;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.secretledger.graphql.caller.TokenIssuer;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Tokens of the local issuer used when no external OIDC issuer is configured: HS256 with a 256-bit key kept
 * in the data directory (owner-only). Only HS256, this issuer and this audience are accepted.
 */
public final class LocalTokens implements TokenIssuer {

    public static final String ISSUER = TokenIssuer.LOCAL_ISSUER;
    public static final String AUDIENCE = "secretledger";

    private final SecretKey key;

    private LocalTokens(SecretKey key) {
        this.key = key;
    }

    public static LocalTokens loadOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                try {
                    Files.createFile(keyFile,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(keyFile);
                }
                Files.write(keyFile, bytes, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            }
            byte[] bytes = Files.readAllBytes(keyFile);
            if (bytes.length != 32) {
                throw new IllegalStateException("Token signing key " + keyFile + " is not a 256-bit key");
            }
            return new LocalTokens(new SecretKeySpec(bytes, "HmacSHA256"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the token signing key " + keyFile, e);
        }
    }

    @Override
    public String issue(String workspaceId, String memberId, String email, String tokenId, Instant expiresAt) {
        return mint(workspaceId, memberId, email, tokenId, Instant.now(), expiresAt);
    }

    public JwtDecoder decoder() {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(AUDIENCE));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER),
                audience));
        return decoder;
    }

    /** A token for a member of a workspace, valid for {@code lifetime}. */
    public String mint(String workspaceId, String memberId, String email, Duration lifetime) {
        return mint(workspaceId, memberId, email, Instant.now(), lifetime);
    }

    /** A token issued at {@code issuedAt}, valid for {@code lifetime} from then. */
    public String mint(String workspaceId, String memberId, String email, Instant issuedAt, Duration lifetime) {
        return mint(workspaceId, memberId, email, UUID.randomUUID().toString(), issuedAt, issuedAt.plus(lifetime));
    }

    /** A token with the id {@code tokenId} (its {@code jti}), valid from {@code issuedAt} to {@code expiresAt}. */
    public String mint(String workspaceId, String memberId, String email, String tokenId, Instant issuedAt,
                       Instant expiresAt) {
        return mint(workspaceId, memberId, email, tokenId, issuedAt, expiresAt, false);
    }

    /**
     * An operator's token: the member may also run installation-wide operations (master key rotation). Only the
     * first-start token of the default profile is one; tokens issued over the API never are.
     */
    public String mintOperator(String workspaceId, String memberId, String email, Duration lifetime) {
        Instant now = Instant.now();
        return mint(workspaceId, memberId, email, UUID.randomUUID().toString(), now, now.plus(lifetime), true);
    }

    /** An installation operator's token that names no workspace. */
    public String mintOperatorOnly(String operatorId, String email, Duration lifetime) {
        Instant now = Instant.now();
        return mint(null, operatorId, email, UUID.randomUUID().toString(), now, now.plus(lifetime), true);
    }

    private String mint(String workspaceId, String memberId, String email, String tokenId, Instant issuedAt,
                        Instant expiresAt, boolean operator) {
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder();
        if (operator) {
            builder.claim("sl_operator", true);
        }
        JwtClaimsSet claims = builder
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .subject(memberId)
                .id(tokenId)
                .issuedAt(issuedAt)
                .expiresAt(expiresAt)
                .claims(c -> {
                    if (workspaceId != null) {
                        c.put("ws", workspaceId);
                    }
                    if (email != null) {
                        c.put("email", email);
                    }
                })
                .build();
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }
}
