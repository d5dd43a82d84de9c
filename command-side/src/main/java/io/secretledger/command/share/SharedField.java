package io.secretledger.command.share;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.template.FieldDefinition;

import java.time.Instant;
import java.util.Set;

/**
 * What a share link or a credential request needs to know of one field of a secret, read inside the unit of work:
 * {@code decision} is the access policy's for the link's member on the link's ticket; {@code field} and
 * {@code value} are null when the secret has no such field or no value for it; {@code lastDeletedAt} is when the
 * secret was last deleted (null if never): a link or request made before it died with that deletion, and a restore
 * does not bring it back.
 */
public record SharedField(String secretId, String workspaceId, String name, boolean inUse, boolean restricted,
                          boolean expired, Set<String> relatedContactIds, FieldDefinition field, FieldValue value,
                          AccessDecision decision, Instant lastDeletedAt) {

    /** Whether the secret was deleted at or after this instant (and perhaps restored since). */
    public boolean deletedSince(Instant madeAt) {
        return lastDeletedAt != null && madeAt != null && !madeAt.isAfter(lastDeletedAt);
    }

    public int version() {
        return value == null ? 0 : value.version();
    }
}
