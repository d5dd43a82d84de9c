package io.secretledger.api.secret;

import io.secretledger.api.common.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Attaches a file to a FILE field of a secret, replacing the previous one as a new version. */
public record AttachSecretFile(@TargetAggregateIdentifier String secretId, String workspaceId, String fieldKey,
                               String fileName, String contentType, byte[] content, Actor actor) {

    @Override
    public String toString() {
        return "AttachSecretFile[secretId=" + secretId + ", fieldKey=" + fieldKey + ", bytes="
                + (content == null ? 0 : content.length) + "]";
    }
}
