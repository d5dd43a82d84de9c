package io.secretledger.graphql.invitation;

import io.secretledger.api.common.Plaintext;
import io.secretledger.graphql.caller.ServiceAccountTokens;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Invitation tokens: {@code slinv.<workspace id>.<invitation id>.<secret>}, the secret being 256 random bits. The
 * ids only route the acceptance; the workspace compares the whole token's SHA-256 with the one it kept.
 */
public final class InvitationTokens {

    private static final String PREFIX = "slinv.";
    private static final Pattern FORM = Pattern.compile(
            "slinv\\.([0-9a-f-]{36})\\.([0-9a-f-]{36})\\.[A-Za-z0-9_-]{43}");

    private InvitationTokens() {
    }

    record Parsed(String workspaceId, String invitationId, Plaintext token) {
    }

    /** A new invitation's token. */
    public static Plaintext newToken(String workspaceId, String invitationId) {
        return new Plaintext(PREFIX + workspaceId + "." + invitationId + "." + ServiceAccountTokens.newSecret());
    }

    static Optional<Parsed> parse(String token) {
        Matcher parts = FORM.matcher(token == null ? "" : token.strip());
        return parts.matches() ? Optional.of(new Parsed(parts.group(1), parts.group(2), new Plaintext(token.strip())))
                : Optional.empty();
    }
}
