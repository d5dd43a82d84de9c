package io.secretledger.command.workspace;

import io.secretledger.command.ReadSharedLocks;
import io.secretledger.policy.Member;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.List;

/** Reads the Workspace aggregate inside the current unit of work, under its shared lock. */
public class RepositoryWorkspaceMembers implements WorkspaceMembers {

    private final Repository<Workspace> workspaces;

    public RepositoryWorkspaceMembers(Repository<Workspace> workspaces) {
        this.workspaces = workspaces;
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
}
