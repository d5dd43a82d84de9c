package io.secretledger.graphql.installation;

import io.secretledger.api.invitation.OwnerInvitation;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.api.workspace.FindWorkspaceSummary;
import io.secretledger.api.workspace.FindWorkspaces;
import io.secretledger.api.workspace.RenameWorkspace;
import io.secretledger.api.workspace.ResumeWorkspace;
import io.secretledger.api.workspace.SuspendWorkspace;
import io.secretledger.api.workspace.WorkspaceSummary;
import io.secretledger.api.workspace.WorkspaceSummaryPage;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.WorkspaceStatuses;
import io.secretledger.graphql.invitation.InvitationTokens;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.Pages;
import io.secretledger.graphql.support.ReadYourWrites;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** What an installation's operators do with its workspaces: create, list, rename, suspend and resume them. */
@Controller
class InstallationController {

    private static final String OPERATORS_ONLY = "Workspaces of the installation";
    /** The first owner's invitation holds as long as any invitation may. */
    private static final Duration OWNER_INVITATION_LIFETIME = Duration.ofDays(7);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final Pages pages;
    private final WorkspaceStatuses statuses;

    InstallationController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites, Pages pages,
                           WorkspaceStatuses statuses) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.pages = pages;
        this.statuses = statuses;
    }

    record CreateWorkspaceInput(String name, String ownerEmail) {
    }

    record CreateWorkspacePayload(WorkspaceSummary workspace, String ownerMemberId) {
    }

    record RenameWorkspaceInput(String workspaceId, String name) {
    }

    record SuspendWorkspaceInput(String workspaceId, String reason) {
    }

    record ResumeWorkspaceInput(String workspaceId) {
    }

    record WorkspaceSummaryPayload(WorkspaceSummary workspace) {
    }

    @QueryMapping
    CompletableFuture<Window<WorkspaceSummary>> workspaces(ScrollSubrange subrange, @Argument String search,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller.requireOperator(caller, OPERATORS_ONLY);
        int limit = pages.size(subrange);
        Map<String, Object> after = pages.keysetAfter(subrange);
        FindWorkspaces query = new FindWorkspaces(search, (String) after.get("name"), (String) after.get("id"), limit);
        return queries.query(query, WorkspaceSummaryPage.class).thenApply(page -> Window.from(page.items(),
                index -> ScrollPosition.forward(Map.of("name", page.items().get(index).name(),
                        "id", page.items().get(index).id())), page.hasNext()));
    }

    @MutationMapping
    CompletableFuture<CreateWorkspacePayload> createWorkspace(@Argument CreateWorkspaceInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.requireOperator(caller, OPERATORS_ONLY);
        String workspaceId = Ids.newId();
        String ownerMemberId = Ids.newId();
        String invitationId = Ids.newId();
        OwnerInvitation invitation = new OwnerInvitation(invitationId,
                InvitationTokens.newToken(workspaceId, invitationId), Instant.now().plus(OWNER_INVITATION_LIFETIME));
        return after(workspaceId, new CreateWorkspace(workspaceId, input.name(), ownerMemberId, input.ownerEmail(),
                who.operatorActor(), invitation), Objects::nonNull)
                .thenApply(workspace -> new CreateWorkspacePayload(workspace, ownerMemberId));
    }

    @MutationMapping
    CompletableFuture<WorkspaceSummaryPayload> renameWorkspace(@Argument RenameWorkspaceInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.requireOperator(caller, OPERATORS_ONLY);
        String workspaceId = Ids.require(input.workspaceId(), "workspaceId");
        String name = input.name() == null ? null : input.name().strip();
        return after(workspaceId, new RenameWorkspace(workspaceId, input.name(), who.operatorActor()),
                view -> view != null && view.name().equals(name)).thenApply(WorkspaceSummaryPayload::new);
    }

    @MutationMapping
    CompletableFuture<WorkspaceSummaryPayload> suspendWorkspace(@Argument SuspendWorkspaceInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.requireOperator(caller, OPERATORS_ONLY);
        String workspaceId = Ids.require(input.workspaceId(), "workspaceId");
        return after(workspaceId, new SuspendWorkspace(workspaceId, input.reason(), who.operatorActor()),
                view -> view != null && view.suspended()).thenApply(WorkspaceSummaryPayload::new);
    }

    @MutationMapping
    CompletableFuture<WorkspaceSummaryPayload> resumeWorkspace(@Argument ResumeWorkspaceInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.requireOperator(caller, OPERATORS_ONLY);
        String workspaceId = Ids.require(input.workspaceId(), "workspaceId");
        return after(workspaceId, new ResumeWorkspace(workspaceId, who.operatorActor()),
                view -> view != null && !view.suspended()).thenApply(WorkspaceSummaryPayload::new);
    }

    /** Sends the command and answers with the first view that shows it; this process then sees the new state. */
    private CompletableFuture<WorkspaceSummary> after(String workspaceId, Object command,
                                                      Predicate<WorkspaceSummary> reflects) {
        return readYourWrites.send(new FindWorkspaceSummary(workspaceId), WorkspaceSummary.class,
                        () -> commands.send(command), done -> reflects)
                .whenComplete((view, failure) -> statuses.forget(workspaceId));
    }
}
