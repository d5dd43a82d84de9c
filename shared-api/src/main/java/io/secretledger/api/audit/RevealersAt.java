package io.secretledger.api.audit;

import java.time.Instant;
import java.util.List;

/**
 * The answer to {@link FindWhoCouldReveal}.
 *
 * @param existed    false when the secret did not exist yet at that instant ({@code createdAt} says when it did)
 * @param restricted a RESTRICTED secret: revealed to nobody, whatever the grants
 * @param members    each member who could have revealed it then, with the grant that would have allowed it
 */
public record RevealersAt(boolean existed, Instant createdAt, boolean restricted, List<Revealer> members) {

    /** @param confirmExpired the secret had expired: the reveal needed MODIFY_ALL or ACCOUNT_OWNER and a confirmation */
    public record Revealer(String memberId, String email, String grant, boolean confirmExpired) {
    }
}
