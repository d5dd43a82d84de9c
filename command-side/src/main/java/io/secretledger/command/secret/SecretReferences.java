package io.secretledger.command.secret;

import java.util.List;

/**
 * Which configurations refer to each secret by name: a set-based fact no single aggregate holds, kept by the
 * hosting application in a store keyed by workspace and name, like {@link SecretNames}.
 */
public interface SecretReferences {

    /** Records that the referrer (an integration, by id and name) refers to the secret of that name. */
    void add(String workspaceId, String secretName, String referrerId, String referrerName);

    void remove(String workspaceId, String secretName, String referrerId);

    /** The names of what refers to the secret of that name, sorted; empty for none. */
    List<String> referrers(String workspaceId, String secretName);
}
