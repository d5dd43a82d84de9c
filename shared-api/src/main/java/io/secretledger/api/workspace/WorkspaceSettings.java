package io.secretledger.api.workspace;

/**
 * The workspace controls of seed 000.
 *
 * @param clientSecretsEnabled        the feature is on for the workspace
 * @param restrictToAssignedUsers     members without an all-secrets permission need an assignment or a rule
 * @param requireEmailVerification    a reveal needs a fresh e-mailed code first
 */
public record WorkspaceSettings(boolean clientSecretsEnabled, boolean restrictToAssignedUsers,
                                boolean requireEmailVerification) {

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(true, false, false);
    }
}
