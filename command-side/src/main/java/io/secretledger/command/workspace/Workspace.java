package io.secretledger.command.workspace;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;
import io.secretledger.api.workspace.AddMember;
import io.secretledger.api.workspace.ChangeMemberPermissions;
import io.secretledger.api.workspace.ChangeMemberProfile;
import io.secretledger.api.workspace.ChangeWorkspaceSettings;
import io.secretledger.api.workspace.CreateWorkspace;
import io.secretledger.api.workspace.IssueMemberToken;
import io.secretledger.api.workspace.MemberAdded;
import io.secretledger.api.workspace.MemberPermissionsChanged;
import io.secretledger.api.workspace.MemberProfileChanged;
import io.secretledger.api.workspace.MemberRemoved;
import io.secretledger.api.workspace.MemberTokenIssued;
import io.secretledger.api.workspace.RemoveMember;
import io.secretledger.api.workspace.WorkspaceCreated;
import io.secretledger.api.workspace.WorkspaceSettings;
import io.secretledger.api.workspace.WorkspaceSettingsChanged;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant: its settings, its members and what each may do. Every access decision reads it from here,
 * never from a view. Only an account owner manages members and settings, and the last owner stays.
 */
@Aggregate(cache = "aggregateCache")
public class Workspace {

    @AggregateIdentifier
    private String workspaceId;
    private WorkspaceSettings settings;
    private final Map<String, Member> members = new HashMap<>();

    protected Workspace() {
    }

    @CommandHandler
    public Workspace(CreateWorkspace command) {
        Violations violations = new Violations();
        if (command.name() == null || command.name().isBlank()) {
            violations.add("name", "A workspace needs a name");
        }
        if (command.ownerMemberId() == null || command.ownerMemberId().isBlank()) {
            violations.add("ownerMemberId", "A workspace needs an owner");
        }
        MemberRules.checkEmail(command.ownerEmail(), "ownerEmail", violations);
        violations.throwIfAny();
        apply(new WorkspaceCreated(command.workspaceId(), command.name().strip(), command.ownerMemberId(),
                command.ownerEmail().strip(), EnumSet.of(Permission.ACCOUNT_OWNER)));
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
        if (members.values().stream().anyMatch(m -> m.email().equalsIgnoreCase(email))) {
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
        if (!command.settings().equals(settings)) {
            apply(new WorkspaceSettingsChanged(workspaceId, command.settings(), command.actor()));
        }
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

    @EventSourcingHandler
    void on(WorkspaceCreated event) {
        workspaceId = event.workspaceId();
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

    Optional<Member> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    WorkspaceSettings settings() {
        return settings;
    }

    private void requireOwner(Actor actor) {
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

    /** What the access policy needs to know of a member. */
    public record Member(String memberId, String email, String title, String division, Set<Permission> permissions) {
    }
}
