package io.secretledger.command.share;

import io.secretledger.api.access.AccessDecision;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.template.FieldDefinition;

import java.util.Set;

/**
 * What a share link or a credential request needs to know of one field of a secret, read inside the unit of work:
 * {@code decision} is the access policy's for the link's member on the link's ticket; {@code field} and
 * {@code value} are null when the secret has no such field or no value for it.
 */
public record SharedField(String secretId, String workspaceId, String name, boolean inUse, boolean restricted,
                          boolean expired, Set<String> relatedContactIds, FieldDefinition field, FieldValue value,
                          AccessDecision decision) {

    public int version() {
        return value == null ? 0 : value.version();
    }
}
