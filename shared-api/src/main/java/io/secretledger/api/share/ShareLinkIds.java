package io.secretledger.api.share;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A link's token is 256 random bits, given once to its creator and mailed to the contact; the link is stored under
 * the SHA-256 of the token, so what is stored never opens it.
 */
public final class ShareLinkIds {

    private ShareLinkIds() {
    }

    public static String of(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((token == null ? "" : token).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
