package io.secretledger.infra.workspace;

import io.secretledger.command.secret.SecretNames;
import io.secretledger.command.workspace.WorkspaceNames;
import org.springframework.stereotype.Component;

/**
 * Workspace names in the store of name claims that secret names use, under a scope no workspace id can be: the same
 * unique key refuses a second claim on both profiles, a claim is in the file before the creation's event, an abandoned
 * claim (its workspace has no events) is taken over after a minute, and backups carry the claims (ADR 0010).
 */
@Component
class MongoWorkspaceNames implements WorkspaceNames {

    /** Workspace ids are UUIDs; this scope never is one. */
    static final String SCOPE = "installation:workspace-names";

    private final SecretNames claims;

    MongoWorkspaceNames(SecretNames claims) {
        this.claims = claims;
    }

    @Override
    public boolean claim(String name, String workspaceId) {
        return claims.claim(SCOPE, name, workspaceId);
    }

    @Override
    public void release(String name, String workspaceId) {
        claims.release(SCOPE, name, workspaceId);
    }
}
