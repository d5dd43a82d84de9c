package io.secretledger.command.workspace;

import io.secretledger.command.ReadSharedLocks;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.policy.Member;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import io.secretledger.api.integration.EgressRule;

import java.util.List;
import java.util.Optional;

/** Reads the Workspace aggregate inside the current unit of work. */
public class RepositoryWorkspaceDirectory implements WorkspaceDirectory {

    private final Repository<Workspace> workspaces;

    public RepositoryWorkspaceDirectory(Repository<Workspace> workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public Optional<Member> member(String workspaceId, String memberId) {
        if (workspaceId == null || memberId == null) {
            return Optional.empty();
        }
        try {
            return ReadSharedLocks.reading(() -> workspaces.load(workspaceId).invoke(workspace -> workspace.member(memberId)));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<Member> members(String workspaceId) {
        if (workspaceId == null) {
            return List.of();
        }
        try {
            return ReadSharedLocks.reading(() -> workspaces.load(workspaceId).invoke(Workspace::members));
        } catch (AggregateNotFoundException e) {
            return List.of();
        }
    }

    @Override
    public Optional<WorkspaceSettings> settings(String workspaceId) {
        if (workspaceId == null) {
            return Optional.empty();
        }
        try {
            return ReadSharedLocks.reading(() -> Optional.ofNullable(workspaces.load(workspaceId).invoke(Workspace::settings)));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Workspace.ServiceAccount> serviceAccount(String workspaceId, String serviceAccountId) {
        if (workspaceId == null || serviceAccountId == null) {
            return Optional.empty();
        }
        try {
            return ReadSharedLocks.reading(() -> workspaces.load(workspaceId).invoke(workspace -> workspace.serviceAccount(serviceAccountId)));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<EgressRule> egressRules(String workspaceId) {
        if (workspaceId == null) {
            return List.of();
        }
        try {
            return ReadSharedLocks.reading(() -> workspaces.load(workspaceId).invoke(Workspace::egressRules));
        } catch (AggregateNotFoundException e) {
            return List.of();
        }
    }
}
