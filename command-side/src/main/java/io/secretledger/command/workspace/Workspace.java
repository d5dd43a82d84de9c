package io.secretledger.command.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.ActorType;
import io.secretledger.api.common.Permission;
import io.secretledger.api.departure.DepartureReportRead;
import io.secretledger.api.departure.RecordDepartureReportRead;
import io.secretledger.api.key.KeyRotation;
import io.secretledger.api.key.RotateWorkspaceKey;
import io.secretledger.api.key.WorkspaceKeyRotated;
import io.secretledger.command.crypto.KeyHierarchy;
import io.secretledger.api.workspace.AddMember;
import io.secretledger.api.workspace.ChangeMemberPermissions;
import io.secretledger.api.workspace.ChangeMemberProfile;
import io.secretledger.api.integration.ChangeEgressAllowlist;
import io.secretledger.api.integration.EgressAllowlist;
import io.secretledger.api.integration.EgressAllowlistChanged;
import io.secretledger.api.integration.EgressRule;
import io.secretledger.api.workspace.ChangeWorkspaceSettings;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.api.workspace.IssueMemberToken;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberPermissionsChanged;
import io.secretledger.api.workspace.MemberProfileChanged;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.MemberTokenIssued;
import io.secretledger.api.workspace.RemoveMember;
import io.secretledger.api.workspace.AuthenticateServiceAccount;
import io.secretledger.api.workspace.CreateServiceAccount;
import io.secretledger.api.workspace.IssueServiceAccountToken;
import io.secretledger.api.workspace.RevokeServiceAccountToken;
import io.secretledger.api.workspace.ServiceAccountCreated;
import io.secretledger.api.workspace.ServiceAccountIdentity;
import io.secretledger.api.workspace.ServiceAccountTokenIssued;
import io.secretledger.api.workspace.ServiceAccountTokenRevoked;
import io.secretledger.api.workspace.ServiceScope;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.workspace.WorkspaceSettingsChanged;
import io.secretledger.command.common.DomainException;
import io.secretledger.policy.Member;
import io.secretledger.command.common.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant: its settings, its members and what each may do. Every access decision reads it from here,
 * never from a view. Only an account owner manages members and settings, and the last owner stays.
 */
@Aggregate(cache = "aggregateCache", lockFactory = "workspaceLocks")
public class Workspace {

    static final int MAX_EGRESS_RULES = 100;
    /** A DNS name or an IPv4 literal or a bracket-less IPv6 literal. */
    private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[a-z0-9.-]+|[0-9a-f:.]+");

    @AggregateIdentifier
    private String workspaceId;
    private WorkspaceSettings settings;
    private final Map<String, Member> members = new HashMap<>();
    private final Map<String, ServiceAccount> serviceAccounts = new HashMap<>();
    private List<EgressRule> egressRules = List.of();
    /** Active API tokens: token id to the service account and the SHA-256 of the token's secret. */
    private final Map<String, ActiveToken> tokens = new HashMap<>();
    /** Its name and suspension, which operators decide. */
    @AggregateMember
    private WorkspaceLifecycle lifecycle;
    /** Its open invitations and its members' identities. */
    @AggregateMember
    private Invitations invitations;

    protected Workspace() {
    }

    @CommandHandler
    public Workspace(CreateWorkspace command, InvitationMail mail, WorkspaceNames names) {
        Actor actor = command.actor();
        if (actor == null || (actor.type() != ActorType.OPERATOR && actor.type() != ActorType.SYSTEM)) {
            throw DomainException.forbidden("Only an operator of the installation may create a workspace");
        }
        Violations violations = new Violations();
        WorkspaceLifecycle.checkName(command.name(), violations);
        if (command.ownerMemberId() == null || command.ownerMemberId().isBlank()) {
            violations.add("ownerMemberId", "A workspace needs an owner");
        }
        MemberRules.checkEmail(command.ownerEmail(), "ownerEmail", violations);
        violations.throwIfAny();
        if (!names.claim(WorkspaceNames.key(command.name()), command.workspaceId())) {
            throw DomainException.invalid("name", "A workspace of this name exists already");
        }
        // A constructor's events reach the aggregate once it exists: the invitation follows the creation.
        apply(new WorkspaceCreated(command.workspaceId(), command.name().strip(), command.ownerMemberId(),
                command.ownerEmail().strip(), EnumSet.of(Permission.ACCOUNT_OWNER), actor)).andThen(() -> {
            if (command.ownerInvitation() != null) {
                invitations.inviteOwner(command.ownerInvitation().invitationId(), command.ownerMemberId(),
                        command.ownerEmail().strip(), command.ownerInvitation().token(),
                        command.ownerInvitation().expiresAt(), actor, mail);
            }
        });
    }

    @CommandHandler
    void handle(AddMember command) {
        requireOwner(command.actor());
        Violations violations = new Violations();
        if (command.memberId() == null || command.memberId().isBlank()) {
            violations.add("memberId", "A member needs an id");
        }
        MemberRules.checkEmail(command.email(), "email", violations);
        MemberRules.checkProfile(command.title(), command.division(), violations);
        violations.throwIfAny();
        String email = command.email().strip();
        if (hasMemberWithEmail(email)) {
            throw DomainException.conflict("email", "A member with this e-mail address exists already");
        }
        if (members.containsKey(command.memberId())) {
            throw DomainException.conflict("memberId", "A member with this id exists already");
        }
        apply(new MemberAdded(workspaceId, command.memberId(), email, blankToNull(command.title()),
                blankToNull(command.division()), permissions(command.permissions()), command.actor()));
    }

    @CommandHandler
    void handle(RemoveMember command) {
        requireOwner(command.actor());
        Member member = existing(command.memberId());
        if (isLastOwner(member)) {
            throw DomainException.invalid("memberId", "The last owner of a workspace cannot be removed");
        }
        apply(new MemberRemoved(workspaceId, member.memberId(), command.actor()));
    }

    @CommandHandler
    void handle(ChangeMemberPermissions command) {
        requireOwner(command.actor());
        Member member = existing(command.memberId());
        Set<Permission> permissions = permissions(command.permissions());
        if (isLastOwner(member) && !permissions.contains(Permission.ACCOUNT_OWNER)) {
            throw DomainException.invalid("permissions", "The last owner of a workspace cannot be demoted");
        }
        if (!permissions.equals(member.permissions())) {
            apply(new MemberPermissionsChanged(workspaceId, member.memberId(), permissions, command.actor()));
        }
    }

    @CommandHandler
    void handle(ChangeMemberProfile command) {
        requireOwner(command.actor());
        Member member = existing(command.memberId());
        Violations violations = new Violations();
        MemberRules.checkProfile(command.title(), command.division(), violations);
        violations.throwIfAny();
        String title = command.title() == null ? member.title() : blankToNull(command.title());
        String division = command.division() == null ? member.division() : blankToNull(command.division());
        if (!java.util.Objects.equals(title, member.title()) || !java.util.Objects.equals(division, member.division())) {
            apply(new MemberProfileChanged(workspaceId, member.memberId(), title, division, command.actor()));
        }
    }

    @CommandHandler
    void handle(ChangeWorkspaceSettings command) {
        requireOwner(command.actor());
        if (command.settings() == null) {
            throw DomainException.invalid("settings", "Give the settings");
        }
        int hours = command.settings().maxAccessRequestHours();
        if (hours < 1 || hours > WorkspaceSettings.MAX_ACCESS_REQUEST_HOURS) {
            throw DomainException.invalid("maxAccessRequestHours", "The longest access a member may ask for is 1 to "
                    + WorkspaceSettings.MAX_ACCESS_REQUEST_HOURS + " hours");
        }
        int shareHours = command.settings().maxShareLinkHours();
        if (shareHours < 1 || shareHours > WorkspaceSettings.MAX_SHARE_LINK_HOURS) {
            throw DomainException.invalid("maxShareLinkHours", "The longest a share link lives is 1 to "
                    + WorkspaceSettings.MAX_SHARE_LINK_HOURS + " hours");
        }
        if (!command.settings().equals(settings)) {
            apply(new WorkspaceSettingsChanged(workspaceId, command.settings(), command.actor()));
        }
    }

    /** Seed 001: integrations call only where the owner said they may; each rule is checked in full. */
    @CommandHandler
    EgressAllowlist handle(ChangeEgressAllowlist command) {
        requireOwner(command.actor());
        List<EgressRule> rules = command.rules() == null ? List.of() : command.rules();
        Violations violations = new Violations();
        if (rules.size() > MAX_EGRESS_RULES) {
            violations.add("rules", "At most " + MAX_EGRESS_RULES + " destinations");
        }
        List<EgressRule> normalised = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            EgressRule rule = rules.get(i);
            String at = "rules[" + i + "].";
            String scheme = rule.scheme() == null ? "" : rule.scheme().strip().toLowerCase(Locale.ROOT);
            String host = rule.host() == null ? "" : rule.host().strip().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                violations.add(at + "scheme", "https or http");
            }
            if (host.isEmpty() || host.length() > 253 || !HOST.matcher(host).matches()) {
                violations.add(at + "host", "A host name or an IP address, without scheme, port or path");
            }
            if (rule.port() < 1 || rule.port() > 65535) {
                violations.add(at + "port", "A port from 1 to 65535");
            }
            normalised.add(new EgressRule(scheme, host, rule.port(), rule.privateAddresses()));
        }
        violations.throwIfAny();
        if (!normalised.equals(egressRules)) {
            apply(new EgressAllowlistChanged(workspaceId, List.copyOf(normalised), command.actor()));
        }
        return new EgressAllowlist(List.copyOf(normalised));
    }

    @CommandHandler
    MemberTokenIssued handle(IssueMemberToken command) {
        requireOwner(command.actor());
        Member member = existing(command.memberId());
        if (command.expiresAt() == null) {
            throw DomainException.invalid("lifetime", "A token needs a lifetime");
        }
        MemberTokenIssued issued = new MemberTokenIssued(workspaceId, member.memberId(), member.email(),
                command.tokenId(), command.expiresAt(), command.actor());
        apply(issued);
        return issued;
    }

    @CommandHandler
    void handle(CreateServiceAccount command) {
        requireOwner(command.actor());
        if (command.name() == null || command.name().isBlank() || command.name().length() > 200) {
            throw DomainException.invalid("name", "A service account needs a name of at most 200 characters");
        }
        if (serviceAccounts.containsKey(command.serviceAccountId())) {
            throw DomainException.conflict("serviceAccountId", "A service account with this id exists already");
        }
        apply(new ServiceAccountCreated(workspaceId, command.serviceAccountId(), command.name().strip(),
                command.scopes() == null ? Set.of() : Set.copyOf(command.scopes()), command.actor()));
    }

    @CommandHandler
    void handle(IssueServiceAccountToken command) {
        requireOwner(command.actor());
        if (!serviceAccounts.containsKey(command.serviceAccountId())) {
            throw DomainException.notFound("serviceAccountId", "No such service account in this workspace");
        }
        if (command.secret() == null || command.secret().value() == null || command.secret().value().length() < 32) {
            throw DomainException.invalid("secret", "A token secret has at least 256 random bits");
        }
        apply(new ServiceAccountTokenIssued(workspaceId, command.serviceAccountId(), command.tokenId(),
                sha256Hex(command.secret().value()), command.actor()));
    }

    @CommandHandler
    void handle(RevokeServiceAccountToken command) {
        requireOwner(command.actor());
        ActiveToken token = tokens.get(command.tokenId());
        if (token == null || !token.serviceAccountId().equals(command.serviceAccountId())) {
            throw DomainException.notFound("tokenId", "No such active token of this service account");
        }
        apply(new ServiceAccountTokenRevoked(workspaceId, command.serviceAccountId(), command.tokenId(),
                command.actor()));
    }

    /**
     * Rewraps every data key of the workspace under a new workspace key and retires the old one; the event
     * records the rotation (versions and count only) for the audit trail.
     */
    @CommandHandler
    KeyRotation handle(RotateWorkspaceKey command, KeyHierarchy keys) {
        requireOwner(command.actor());
        KeyHierarchy.Rotation rotation = keys.rotateWorkspaceKey(workspaceId);
        apply(new WorkspaceKeyRotated(workspaceId, rotation.from(), rotation.to(), rotation.rewrapped(),
                command.actor()));
        return new KeyRotation(rotation.from(), rotation.to(), rotation.rewrapped());
    }

    /**
     * A departure report names a workspace's secrets and what a person revealed: whoever reads it is recorded first,
     * in the workspace's own stream (so in its audit log), and the report is given only once this is stored (ADR
     * 0024). An account owner of the workspace, or an installation operator, even while the workspace is suspended
     * (the operator's work goes on then; an owner's does not).
     */
    @CommandHandler
    void handle(RecordDepartureReportRead command) {
        Actor actor = command.actor();
        if (actor == null || actor.type() != ActorType.OPERATOR) {
            requireOwner(actor);
        }
        Violations violations = new Violations();
        if (command.memberId() == null || command.memberId().isBlank()) {
            violations.add("memberId", "Name the member or service account reported on");
        }
        if (command.from() != null && command.to() != null && !command.to().isAfter(command.from())) {
            violations.add("to", "`to` must come after `from`");
        }
        if (command.channel() == null) {
            violations.add("channel", "Say how the report is read");
        }
        violations.throwIfAny();
        apply(new DepartureReportRead(workspaceId, command.memberId(), command.from(), command.to(),
                command.channel(), actor));
    }

    /** Compares in constant time; any mismatch, unknown or revoked token is the same UNAUTHENTICATED answer. */
    @CommandHandler
    ServiceAccountIdentity handle(AuthenticateServiceAccount command) {
        ActiveToken token = command.tokenId() == null ? null : tokens.get(command.tokenId());
        byte[] presented = sha256Hex(command.secret() == null || command.secret().value() == null ? ""
                : command.secret().value()).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = (token == null ? "0".repeat(64) : token.secretSha256()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected) || token == null) {
            throw DomainException.unauthenticated("The API token is invalid or revoked");
        }
        ServiceAccount account = serviceAccounts.get(token.serviceAccountId());
        return new ServiceAccountIdentity(workspaceId, token.serviceAccountId(), account.name(), account.scopes());
    }

    @EventSourcingHandler
    void on(ServiceAccountCreated event) {
        serviceAccounts.put(event.serviceAccountId(), new ServiceAccount(event.serviceAccountId(), event.name(),
                Set.copyOf(event.scopes())));
    }

    @EventSourcingHandler
    void on(ServiceAccountTokenIssued event) {
        tokens.put(event.tokenId(), new ActiveToken(event.serviceAccountId(), event.secretSha256()));
    }

    @EventSourcingHandler
    void on(ServiceAccountTokenRevoked event) {
        tokens.remove(event.tokenId());
    }

    @EventSourcingHandler
    void on(WorkspaceCreated event) {
        workspaceId = event.workspaceId();
        lifecycle = new WorkspaceLifecycle(event.workspaceId(), event.name());
        invitations = new Invitations(this);
        settings = WorkspaceSettings.defaults();
        members.put(event.ownerMemberId(), new Member(event.ownerMemberId(), event.ownerEmail(), null, null,
                Set.copyOf(event.ownerPermissions())));
    }

    @EventSourcingHandler
    void on(MemberAdded event) {
        members.put(event.memberId(), new Member(event.memberId(), event.email(), event.title(), event.division(),
                Set.copyOf(event.permissions())));
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.memberId());
    }

    @EventSourcingHandler
    void on(MemberPermissionsChanged event) {
        members.computeIfPresent(event.memberId(), (id, m) -> new Member(id, m.email(), m.title(), m.division(),
                Set.copyOf(event.permissions())));
    }

    @EventSourcingHandler
    void on(MemberProfileChanged event) {
        members.computeIfPresent(event.memberId(), (id, m) -> new Member(id, m.email(), event.title(),
                event.division(), m.permissions()));
    }

    @EventSourcingHandler
    void on(WorkspaceSettingsChanged event) {
        settings = event.settings();
    }

    @EventSourcingHandler
    void on(EgressAllowlistChanged event) {
        egressRules = event.rules();
    }

    List<EgressRule> egressRules() {
        return egressRules;
    }

    /** Empty while the workspace is suspended: every decision that needs a member then refuses. */
    Optional<Member> member(String memberId) {
        return suspended() ? Optional.empty() : Optional.ofNullable(members.get(memberId));
    }

    /** Every member; none while suspended (expiry reminders, docs/adr/0023). */
    List<Member> members() {
        return suspended() ? List.of() : List.copyOf(members.values());
    }

    boolean suspended() {
        return lifecycle != null && lifecycle.suspended();
    }

    WorkspaceSettings settings() {
        return settings;
    }

    Optional<ServiceAccount> serviceAccount(String serviceAccountId) {
        return suspended() ? Optional.empty() : Optional.ofNullable(serviceAccounts.get(serviceAccountId));
    }

    /** The SHA-256 of a token secret, in lower-case hex, as tokens are recorded. */
    public static String sha256Hex(String secret) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String id() {
        return workspaceId;
    }

    String name() {
        return lifecycle.name();
    }

    boolean hasMemberWithEmail(String email) {
        return members.values().stream().anyMatch(m -> m.email().equalsIgnoreCase(email));
    }

    void requireOwner(Actor actor) {
        if (suspended()) {
            throw DomainException.forbidden("This workspace is suspended by the installation's operator");
        }
        Member member = actor == null ? null : members.get(actor.id());
        if (member == null || !member.permissions().contains(Permission.ACCOUNT_OWNER)) {
            throw DomainException.forbidden("Managing members and settings needs the ACCOUNT_OWNER permission");
        }
    }

    private Member existing(String memberId) {
        Member member = memberId == null ? null : members.get(memberId);
        if (member == null) {
            throw DomainException.notFound("memberId", "No such member in this workspace");
        }
        return member;
    }

    private boolean isLastOwner(Member member) {
        return member.permissions().contains(Permission.ACCOUNT_OWNER)
                && members.values().stream().filter(m -> m.permissions().contains(Permission.ACCOUNT_OWNER)).count() == 1;
    }

    private static Set<Permission> permissions(Set<Permission> given) {
        return given == null || given.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(given);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** An integration's identity in the workspace. */
    public record ServiceAccount(String serviceAccountId, String name, Set<ServiceScope> scopes) {
    }

    private record ActiveToken(String serviceAccountId, String secretSha256) {
    }

}
