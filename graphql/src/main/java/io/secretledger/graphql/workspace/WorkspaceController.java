package io.secretledger.graphql.workspace;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Role;
import io.secretledger.api.common.Plaintext;
import io.secretledger.api.integration.ChangeEgressAllowlist;
import io.secretledger.api.integration.EgressAllowlist;
import io.secretledger.api.integration.EgressRule;
import io.secretledger.api.workspace.AddMember;
import io.secretledger.api.workspace.CreateServiceAccount;
import io.secretledger.api.workspace.IssueServiceAccountToken;
import io.secretledger.api.workspace.RevokeServiceAccountToken;
import io.secretledger.api.workspace.ServiceScope;
import io.secretledger.api.workspace.WorkspaceView.ServiceAccountView;
import io.secretledger.api.workspace.ChangeMemberPermissions;
import io.secretledger.api.workspace.ChangeMemberProfile;
import io.secretledger.api.workspace.ChangeWorkspaceSettings;
import io.secretledger.api.workspace.FindWorkspace;
import io.secretledger.api.workspace.IssueMemberToken;
import io.secretledger.api.workspace.MemberTokenIssued;
import io.secretledger.api.workspace.RemoveMember;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.workspace.WorkspaceView;
import io.secretledger.api.workspace.WorkspaceView.MemberView;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.ServiceAccountTokens;
import io.secretledger.graphql.caller.TokenIssuer;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.ReadYourWrites;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** The workspace, its members and its controls. */
@Controller
class WorkspaceController {

    private static final int MAX_TOKEN_MINUTES = 43_200;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final ObjectProvider<TokenIssuer> tokenIssuer;

    WorkspaceController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites,
                        ObjectProvider<TokenIssuer> tokenIssuer) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.tokenIssuer = tokenIssuer;
    }

    record AddMemberInput(String email, String title, String division, Role role, List<Permission> permissions) {
    }

    record RemoveMemberInput(String memberId) {
    }

    record ChangeMemberPermissionsInput(String memberId, Role role, List<Permission> permissions) {
    }

    record ChangeMemberProfileInput(String memberId, String title, String division) {
    }

    record IssueMemberTokenInput(String memberId, Integer lifetimeMinutes) {
    }

    record MemberPayload(MemberView member) {
    }

    record RemoveMemberPayload(String memberId) {
    }

    record WorkspacePayload(WorkspaceView workspace) {
    }

    record IssueMemberTokenPayload(String memberId, String tokenId, Instant expiresAt, String token) {

        @Override
        public String toString() {
            return "IssueMemberTokenPayload[memberId=" + memberId + ", tokenId=" + tokenId + "]";
        }
    }

    record CreateServiceAccountInput(String name, List<ServiceScope> scopes) {
    }

    record ServiceAccountPayload(ServiceAccountView serviceAccount) {
    }

    record IssueServiceAccountTokenInput(String serviceAccountId) {
    }

    record IssueServiceAccountTokenPayload(String serviceAccountId, String tokenId, String token) {

        @Override
        public String toString() {
            return "IssueServiceAccountTokenPayload[serviceAccountId=" + serviceAccountId + ", tokenId=" + tokenId + "]";
        }
    }

    record RevokeServiceAccountTokenInput(String serviceAccountId, String tokenId) {
    }

    record RevokeServiceAccountTokenPayload(String tokenId) {
    }

    @MutationMapping
    CompletableFuture<ServiceAccountPayload> createServiceAccount(@Argument CreateServiceAccountInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String id = Ids.newId();
        Set<ServiceScope> scopes = input.scopes() == null || input.scopes().isEmpty()
                ? EnumSet.noneOf(ServiceScope.class) : EnumSet.copyOf(input.scopes());
        return readYourWrites.send(new FindWorkspace(who.workspaceId()), WorkspaceView.class,
                        () -> commands.send(new CreateServiceAccount(who.workspaceId(), id, input.name(), scopes,
                                who.actor())),
                        done -> view -> serviceAccount(view, id).isPresent())
                .thenApply(view -> new ServiceAccountPayload(serviceAccount(view, id).orElseThrow()));
    }

    @MutationMapping
    CompletableFuture<IssueServiceAccountTokenPayload> issueServiceAccountToken(
            @Argument IssueServiceAccountTokenInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String accountId = Ids.require(input.serviceAccountId(), "serviceAccountId");
        String tokenId = Ids.newId();
        String secret = ServiceAccountTokens.newSecret();
        return commands.send(new IssueServiceAccountToken(who.workspaceId(), accountId, tokenId, new Plaintext(secret),
                        who.actor()))
                .thenApply(done -> new IssueServiceAccountTokenPayload(accountId, tokenId,
                        ServiceAccountTokens.token(who.workspaceId(), tokenId, secret)));
    }

    @MutationMapping
    CompletableFuture<RevokeServiceAccountTokenPayload> revokeServiceAccountToken(
            @Argument RevokeServiceAccountTokenInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String tokenId = Ids.require(input.tokenId(), "tokenId");
        return commands.send(new RevokeServiceAccountToken(who.workspaceId(),
                        Ids.require(input.serviceAccountId(), "serviceAccountId"), tokenId, who.actor()))
                .thenApply(done -> new RevokeServiceAccountTokenPayload(tokenId));
    }

    private static Optional<ServiceAccountView> serviceAccount(WorkspaceView view, String id) {
        return view.serviceAccounts().stream().filter(account -> account.id().equals(id)).findFirst();
    }

    @QueryMapping
    CompletableFuture<WorkspaceView> workspace(@ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return queries.query(new FindWorkspace(who.workspaceId()), WorkspaceView.class);
    }

    @MutationMapping
    CompletableFuture<MemberPayload> addMember(@Argument AddMemberInput input,
                                               @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String memberId = Ids.newId();
        AddMember command = new AddMember(who.workspaceId(), memberId, input.email(), input.title(), input.division(),
                Role.permissionsOf(input.role(), input.permissions()), who.actor());
        return memberAfter(who, memberId, command, member -> member.isPresent());
    }

    @MutationMapping
    CompletableFuture<RemoveMemberPayload> removeMember(@Argument RemoveMemberInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String memberId = Ids.require(input.memberId(), "memberId");
        return readYourWrites.send(new FindWorkspace(who.workspaceId()), WorkspaceView.class,
                        () -> commands.send(new RemoveMember(who.workspaceId(), memberId, who.actor())),
                        done -> view -> find(view, memberId).isEmpty())
                .thenApply(view -> new RemoveMemberPayload(memberId));
    }

    @MutationMapping
    CompletableFuture<MemberPayload> changeMemberPermissions(@Argument ChangeMemberPermissionsInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String memberId = Ids.require(input.memberId(), "memberId");
        Set<Permission> permissions = Role.permissionsOf(input.role(), input.permissions());
        return memberAfter(who, memberId, new ChangeMemberPermissions(who.workspaceId(), memberId, permissions,
                who.actor()), member -> member.map(m -> m.permissions().equals(permissions)).orElse(false));
    }

    @MutationMapping
    CompletableFuture<MemberPayload> changeMemberProfile(@Argument ChangeMemberProfileInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String memberId = Ids.require(input.memberId(), "memberId");
        return memberAfter(who, memberId, new ChangeMemberProfile(who.workspaceId(), memberId, input.title(),
                input.division(), who.actor()), member -> member.map(m ->
                (input.title() == null || Objects.equals(m.title(), blankToNull(input.title())))
                        && (input.division() == null || Objects.equals(m.division(), blankToNull(input.division()))))
                .orElse(false));
    }

    @MutationMapping
    CompletableFuture<WorkspacePayload> changeWorkspaceSettings(@Argument WorkspaceSettings input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return readYourWrites.send(new FindWorkspace(who.workspaceId()), WorkspaceView.class,
                        () -> commands.send(new ChangeWorkspaceSettings(who.workspaceId(), input, who.actor())),
                        done -> view -> input.equals(view.settings()))
                .thenApply(WorkspacePayload::new);
    }

    record EgressRuleInput(String scheme, String host, Integer port, Boolean privateAddresses) {
    }

    record ChangeEgressAllowlistInput(List<EgressRuleInput> rules) {
    }

    @MutationMapping
    CompletableFuture<WorkspacePayload> changeEgressAllowlist(@Argument ChangeEgressAllowlistInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        List<EgressRule> rules = input.rules() == null ? List.of() : input.rules().stream()
                .map(rule -> new EgressRule(rule.scheme(), rule.host(), rule.port() == null ? 0 : rule.port(),
                        Boolean.TRUE.equals(rule.privateAddresses()))).toList();
        return readYourWrites.send(new FindWorkspace(who.workspaceId()), WorkspaceView.class,
                        () -> commands.<EgressAllowlist>send(new ChangeEgressAllowlist(who.workspaceId(), rules,
                                who.actor())),
                        done -> view -> done.rules().equals(view.egressAllowlist()))
                .thenApply(WorkspacePayload::new);
    }

    @MutationMapping
    CompletableFuture<IssueMemberTokenPayload> issueMemberToken(@Argument IssueMemberTokenInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        TokenIssuer issuer = tokenIssuer.getIfAvailable();
        if (issuer == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, null,
                    "Members sign in with the identity provider; this service issues no tokens");
        }
        String memberId = Ids.require(input.memberId(), "memberId");
        int minutes = input.lifetimeMinutes() == null ? 60 : input.lifetimeMinutes();
        if (minutes < 1 || minutes > MAX_TOKEN_MINUTES) {
            throw new ApiException(ErrorCode.VALIDATION, "lifetimeMinutes",
                    "A token lives 1 to " + MAX_TOKEN_MINUTES + " minutes");
        }
        IssueMemberToken command = new IssueMemberToken(who.workspaceId(), memberId, Ids.newId(),
                Instant.now().plus(Duration.ofMinutes(minutes)), who.actor());
        return commands.<MemberTokenIssued>send(command).thenApply(issued -> new IssueMemberTokenPayload(
                issued.memberId(), issued.tokenId(), issued.expiresAt(), issuer.issue(issued.workspaceId(),
                issued.memberId(), issued.email(), issued.tokenId(), issued.expiresAt())));
    }

    private CompletableFuture<MemberPayload> memberAfter(Caller who, String memberId, Object command,
                                                         Predicate<Optional<MemberView>> reflects) {
        return readYourWrites.send(new FindWorkspace(who.workspaceId()), WorkspaceView.class,
                        () -> commands.send(command), done -> view -> reflects.test(find(view, memberId)))
                .thenApply(view -> new MemberPayload(find(view, memberId).orElseThrow()));
    }

    private static Optional<MemberView> find(WorkspaceView view, String memberId) {
        return view.members().stream().filter(m -> m.id().equals(memberId)).findFirst();
    }


    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
