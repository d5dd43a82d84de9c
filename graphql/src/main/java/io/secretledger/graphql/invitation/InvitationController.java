package io.secretledger.graphql.invitation;

import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.common.Permission;
import io.secretledger.api.common.Role;
import io.secretledger.api.invitation.AcceptInvitation;
import io.secretledger.api.invitation.Identity;
import io.secretledger.api.invitation.InvitationAcceptance;
import io.secretledger.api.invitation.InviteMember;
import io.secretledger.api.invitation.RevokeInvitation;
import io.secretledger.api.workspace.FindMemberships;
import io.secretledger.api.workspace.FindWorkspace;
import io.secretledger.api.workspace.Membership;
import io.secretledger.api.workspace.Memberships;
import io.secretledger.api.workspace.WorkspaceView;
import io.secretledger.api.workspace.WorkspaceView.InvitationView;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.Callers;
import io.secretledger.graphql.caller.MembershipLookup;
import io.secretledger.graphql.caller.TokenIssuer;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.support.Ids;
import io.secretledger.graphql.support.ReadYourWrites;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** Invitations by e-mail: an owner sends and revokes them, the invited person accepts one with its token. */
@Controller
class InvitationController {

    static final int MAX_HOURS = 720;

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final ObjectProvider<TokenIssuer> tokenIssuer;
    private final Duration acceptedTokenLifetime;
    private final MembershipLookup memberships;

    InvitationController(CommandGateway commands, ReadYourWrites readYourWrites, ObjectProvider<TokenIssuer> tokenIssuer,
                         @Value("${secretledger.bootstrap.token-lifetime:P30D}") Duration acceptedTokenLifetime,
                         MembershipLookup memberships) {
        this.memberships = memberships;
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.tokenIssuer = tokenIssuer;
        this.acceptedTokenLifetime = acceptedTokenLifetime;
    }

    record InviteMemberInput(String email, String title, String division, Role role, List<Permission> permissions,
                             Integer expiresInHours) {
    }

    record InvitationPayload(InvitationView invitation) {
    }

    record RevokeInvitationInput(String invitationId) {
    }

    record RevokeInvitationPayload(String invitationId) {
    }

    record AcceptInvitationInput(String token) {

        @Override
        public String toString() {
            return "AcceptInvitationInput[redacted]";
        }
    }

    record AcceptInvitationPayload(String workspaceId, String memberId, String email, String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "AcceptInvitationPayload[workspaceId=" + workspaceId + ", memberId=" + memberId + "]";
        }
    }

    @MutationMapping
    CompletableFuture<InvitationPayload> inviteMember(@Argument InviteMemberInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        int hours = input.expiresInHours() == null ? 72 : input.expiresInHours();
        if (hours < 1 || hours > MAX_HOURS) {
            throw new ApiException(ErrorCode.VALIDATION, "expiresInHours",
                    "An invitation holds from 1 to " + MAX_HOURS + " hours");
        }
        String invitationId = Ids.newId();
        InviteMember command = new InviteMember(who.workspaceId(), invitationId, input.email(),
                Role.permissionsOf(input.role(), input.permissions()), input.title(), input.division(),
                InvitationTokens.newToken(who.workspaceId(), invitationId),
                Instant.now().plus(Duration.ofHours(hours)), who.actor());
        return readYourWrites.send(new FindWorkspace(who.workspaceId()), WorkspaceView.class,
                        () -> commands.send(command), done -> view -> find(view, invitationId).isPresent())
                .thenApply(view -> new InvitationPayload(find(view, invitationId).orElseThrow()));
    }

    @MutationMapping
    CompletableFuture<RevokeInvitationPayload> revokeInvitation(@Argument RevokeInvitationInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String invitationId = Ids.require(input.invitationId(), "invitationId");
        return readYourWrites.send(new FindWorkspace(who.workspaceId()), WorkspaceView.class,
                        () -> commands.send(new RevokeInvitation(who.workspaceId(), invitationId, who.actor())),
                        done -> view -> find(view, invitationId).isEmpty())
                .thenApply(view -> new RevokeInvitationPayload(invitationId));
    }

    @MutationMapping
    CompletableFuture<AcceptInvitationPayload> acceptInvitation(@Argument AcceptInvitationInput input,
            @ContextValue(name = Callers.IDENTITY_KEY, required = false) Identity identity) {
        InvitationTokens.Parsed token = InvitationTokens.parse(input.token()).orElseThrow(() ->
                new ApiException(ErrorCode.NOT_FOUND, "token", "No open invitation with this token"));
        TokenIssuer issuer = tokenIssuer.getIfAvailable();
        boolean local = issuer != null;
        AcceptInvitation command = new AcceptInvitation(token.workspaceId(), token.invitationId(), token.token(),
                Ids.newId(), local ? new Identity(TokenIssuer.LOCAL_ISSUER, null, null, false) : identity, local);
        if (!local && identity != null) {
            // The person's next request must find the new membership: answer once the view has it.
            return readYourWrites.send(new FindMemberships(identity.issuer(), identity.subject()), Memberships.class,
                            () -> commands.<InvitationAcceptance>send(command),
                            accepted -> view -> view.includes(accepted.workspaceId(), accepted.memberId()))
                    .thenApply(view -> {
                        memberships.forget(identity.issuer(), identity.subject());
                        Membership joined = view.memberships().stream()
                                .filter(m -> m.workspaceId().equals(token.workspaceId())).findFirst().orElseThrow();
                        return new AcceptInvitationPayload(joined.workspaceId(), joined.memberId(), joined.email(),
                                null, null);
                    });
        }
        if (!local) {
            // Refused by the Workspace (no identity), with the code it gives.
            return commands.<InvitationAcceptance>send(command).thenApply(accepted -> {
                throw new IllegalStateException("An invitation accepted without an identity");
            });
        }
        // The new member's first request must find them in the workspace's view: answer once it has them.
        AtomicReference<String> memberId = new AtomicReference<>();
        return readYourWrites.send(new FindWorkspace(token.workspaceId()), WorkspaceView.class,
                        () -> commands.<InvitationAcceptance>send(command).thenApply(accepted -> {
                            memberId.set(accepted.memberId());
                            return accepted;
                        }),
                        accepted -> view -> view.members().stream().anyMatch(m -> m.id().equals(accepted.memberId())))
                .thenApply(view -> {
                    WorkspaceView.MemberView member = view.members().stream()
                            .filter(m -> m.id().equals(memberId.get())).findFirst().orElseThrow();
                    Instant expiresAt = Instant.now().plus(acceptedTokenLifetime);
                    return new AcceptInvitationPayload(view.id(), member.id(), member.email(), issuer.issue(view.id(),
                            member.id(), member.email(), Ids.newId(), expiresAt), expiresAt);
                });
    }

    private static Optional<InvitationView> find(WorkspaceView view, String invitationId) {
        return view.invitations() == null ? Optional.empty()
                : view.invitations().stream().filter(i -> i.id().equals(invitationId)).findFirst();
    }

}
