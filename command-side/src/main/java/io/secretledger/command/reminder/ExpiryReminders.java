package io.secretledger.command.reminder;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;
import io.secretledger.api.reminder.ChangeReminderDefaults;
import io.secretledger.api.reminder.ChangeSecretReminders;
import io.secretledger.api.reminder.ExpiryReminderDue;
import io.secretledger.api.reminder.MarkSecretRotated;
import io.secretledger.api.reminder.ReminderDefaultsChanged;
import io.secretledger.api.reminder.ReminderDigestSent;
import io.secretledger.api.reminder.ReminderScope;
import io.secretledger.api.reminder.ReminderSettings;
import io.secretledger.api.reminder.RotationMarked;
import io.secretledger.api.reminder.SecretExpiryChange;
import io.secretledger.api.reminder.SecretExpiryTracked;
import io.secretledger.api.reminder.SecretRemindersChanged;
import io.secretledger.api.reminder.SecretRotationMarked;
import io.secretledger.api.reminder.TrackSecretExpiry;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.workspace.WorkspaceDirectory;
import io.secretledger.command.workspace.WorkspaceMembers;
import io.secretledger.policy.Member;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A workspace's expiry reminders (docs/adr/0023): its default lead times, each secret's own, each secret's expiry as
 * the secrets' events said it, which reminders fell due, and the digests that mailed them. It owns their deadlines:
 * one per secret for its next reminder, one per open digest, which gathers the reminders falling due within
 * {@link ReminderTiming#digestDelay()} into one mail per member.
 */
@Aggregate(cache = "aggregateCache")
public class ExpiryReminders {

    static final String DUE = "expiry-reminder:";
    static final String DIGEST = "expiry-reminder-digest";
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryReminders.class);

    @AggregateIdentifier
    private String remindersId;
    private String workspaceId;
    private List<Integer> defaults = List.of();
    private final Map<String, Plan> plans = new HashMap<>();
    private long lastDigest;
    private Long openDigest;

    /** One secret's reminders, for its current expiry. */
    private static final class Plan {
        private long sequence = -1;
        private Instant expiresAt;
        private boolean inUse = true;
        private boolean purged;
        private List<Integer> own;
        private final Set<Integer> passed = new HashSet<>();
        private boolean rotated;
        private long digest;

        @Override
        public boolean equals(Object other) {
            return other instanceof Plan plan && sequence == plan.sequence && inUse == plan.inUse
                    && purged == plan.purged && rotated == plan.rotated && digest == plan.digest
                    && Objects.equals(expiresAt, plan.expiresAt) && Objects.equals(own, plan.own)
                    && passed.equals(plan.passed);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sequence, expiresAt, own, passed);
        }

        /** A reminder fell due for the current expiry and nobody marked the secret rotated since. */
        boolean open() {
            return active() && !passed.isEmpty();
        }

        boolean active() {
            return inUse && !purged && !rotated && expiresAt != null;
        }
    }

    protected ExpiryReminders() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ReminderSettings handle(ChangeReminderDefaults command, WorkspaceDirectory directory,
                                   DeadlineManager deadlines) {
        boolean owner = directory.member(command.workspaceId(), command.actor().id())
                .map(member -> member.permissions().contains(Permission.ACCOUNT_OWNER)).orElse(false);
        if (!owner) {
            throw DomainException.forbidden("Setting the workspace's reminders needs the ACCOUNT_OWNER permission");
        }
        Violations violations = new Violations();
        LeadDays.check(command.leadDays(), true, violations);
        violations.throwIfAny();
        List<Integer> leadDays = LeadDays.normalized(command.leadDays());
        if (!leadDays.equals(defaults) || remindersId == null) {
            apply(new ReminderDefaultsChanged(command.workspaceId(), leadDays, command.actor()));
            plans.entrySet().stream().filter(plan -> plan.getValue().own == null)
                    .forEach(plan -> replan(plan.getKey(), deadlines));
        }
        return new ReminderSettings(leadDays, true);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ReminderSettings handle(ChangeSecretReminders command, SecretReach reach, DeadlineManager deadlines) {
        requireModifier(command.workspaceId(), command.secretId(), command.actor(), reach);
        Violations violations = new Violations();
        LeadDays.check(command.leadDays(), false, violations);
        violations.throwIfAny();
        List<Integer> leadDays = LeadDays.normalized(command.leadDays());
        Plan plan = plans.get(command.secretId());
        if (plan == null || !Objects.equals(plan.own, leadDays)) {
            apply(new SecretRemindersChanged(command.secretId(), command.workspaceId(), leadDays, command.actor()));
            replan(command.secretId(), deadlines);
        }
        return settingsOf(command.secretId());
    }

    /** From the secrets' own events (ExpiryTracker): an event older than the last one tracked changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(TrackSecretExpiry command, DeadlineManager deadlines) {
        Plan plan = plans.get(command.secretId());
        if (plan != null && (plan.purged || command.sequence() <= plan.sequence)) {
            return;
        }
        boolean setsExpiry = command.change() == SecretExpiryChange.CREATED
                || command.change() == SecretExpiryChange.EXPIRY_CHANGED;
        if (plan == null && !(setsExpiry && command.expiresAt() != null)) {
            if (remindersId == null) {
                // Axon cannot store a new aggregate that applied no event: refused, so nothing is stored at all.
                throw DomainException.notFound("secretId", "No reminders follow this secret");
            }
            return;
        }
        apply(new SecretExpiryTracked(command.secretId(), command.workspaceId(), command.sequence(), command.change(),
                command.expiresAt(), Actor.SYSTEM));
        replan(command.secretId(), deadlines);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public RotationMarked handle(MarkSecretRotated command, SecretReach reach, DeadlineManager deadlines) {
        requireModifier(command.workspaceId(), command.secretId(), command.actor(), reach);
        if (command.newExpiresAt() != null && !command.newExpiresAt().isAfter(now())) {
            throw DomainException.invalid("newExpiresAt", "An expiration date lies in the future");
        }
        Plan plan = plans.get(command.secretId());
        Instant cleared = plan == null || plan.rotated ? null : plan.expiresAt;
        apply(new SecretRotationMarked(command.secretId(), command.workspaceId(), cleared, command.newExpiresAt(),
                command.actor()));
        deadlines.cancelAllWithinScope(DUE + command.secretId());
        return new RotationMarked(command.secretId(), cleared);
    }

    /**
     * A secret's next reminder: every lead time that has passed since the last one falls due at once, in the open
     * digest or a new one. A deadline of an expiry since changed, or firing a second time, does nothing.
     */
    @DeadlineHandler
    void fallDue(ReminderDue due, @Timestamp Instant now, SecretReach reach, ReminderTiming timing,
                 DeadlineManager deadlines) {
        Plan plan = plans.get(due.secretId());
        if (plan == null || !plan.active() || !due.expiresAt().equals(plan.expiresAt)) {
            return;
        }
        List<Integer> passed = leadsOf(plan).stream().filter(days -> !plan.passed.contains(days)
                && !LeadDays.pointOf(plan.expiresAt, days).isAfter(now)).toList();
        if (passed.isEmpty()) {
            return;
        }
        Optional<SecretReach.Reach> secret = reach.of(workspaceId, due.secretId(), List.of());
        if (secret.isEmpty()) {
            return;
        }
        boolean newDigest = openDigest == null;
        long digest = newDigest ? lastDigest + 1 : openDigest;
        apply(new ExpiryReminderDue(due.secretId(), workspaceId, secret.get().name(), plan.expiresAt,
                passed.get(passed.size() - 1), passed, digest, Actor.SYSTEM));
        if (newDigest) {
            deadlines.schedule(now.plus(timing.digestDelay()), DIGEST, new DigestDue(digest));
        }
        replan(due.secretId(), deadlines, now);
    }

    /**
     * One mail per member who may see a secret whose reminder fell due in this digest, listing every open reminder
     * they may see. The event is recorded first and the mails leave after it is stored: a digest that fires again,
     * on a retry or a second instance, finds itself sent and mails nothing.
     */
    @DeadlineHandler(deadlineName = DIGEST)
    void sendDigest(DigestDue due, @Timestamp Instant now, WorkspaceMembers members, SecretReach reach,
                    ReminderMail mail) {
        if (openDigest == null || openDigest != due.digest()) {
            return;
        }
        List<Member> everyone = members.members(workspaceId);
        List<String> memberIds = everyone.stream().map(Member::memberId).toList();
        Map<String, List<ReminderDigestSent.Line>> lines = new LinkedHashMap<>();
        Set<String> reminded = new HashSet<>();
        List<Map.Entry<String, Plan>> open = plans.entrySet().stream().filter(entry -> entry.getValue().open())
                .sorted(Comparator.comparing((Map.Entry<String, Plan> entry) -> entry.getValue().expiresAt)
                        .thenComparing(Map.Entry::getKey)).toList();
        for (Map.Entry<String, Plan> entry : open) {
            Optional<SecretReach.Reach> secret = reach.of(workspaceId, entry.getKey(), memberIds);
            if (secret.isEmpty()) {
                continue;
            }
            for (String viewer : secret.get().viewers()) {
                lines.computeIfAbsent(viewer, id -> new ArrayList<>())
                        .add(new ReminderDigestSent.Line(entry.getKey(), secret.get().name(), entry.getValue().expiresAt));
                if (entry.getValue().digest == due.digest()) {
                    reminded.add(viewer);
                }
            }
        }
        List<ReminderDigestSent.Recipient> recipients = memberIds.stream().filter(reminded::contains)
                .map(id -> new ReminderDigestSent.Recipient(id, List.copyOf(lines.get(id)))).toList();
        apply(new ReminderDigestSent(workspaceId, due.digest(), recipients, Actor.SYSTEM));
        Map<String, String> emails = new HashMap<>();
        everyone.forEach(member -> emails.put(member.memberId(), member.email()));
        String key = remindersId + "/" + due.digest();
        Runnable send = () -> recipients.forEach(recipient -> {
            try {
                mail.send(emails.get(recipient.memberId()), key + "/" + recipient.memberId(),
                        recipient.lines().stream().map(line -> new ReminderMail.Line(line.name(), line.expiresAt(),
                                LeadDays.daysLeft(now, line.expiresAt()))).toList());
            } catch (RuntimeException e) {
                LOG.warn("Could not mail reminder digest {} to member {}: {}", key, recipient.memberId(),
                        e.getClass().getSimpleName());
            }
        });
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unit -> send.run());
        } else {
            send.run();
        }
    }

    @EventSourcingHandler
    void on(ReminderDefaultsChanged event) {
        identify(event.workspaceId());
        defaults = event.leadDays();
    }

    @EventSourcingHandler
    void on(SecretRemindersChanged event) {
        identify(event.workspaceId());
        plans.computeIfAbsent(event.secretId(), id -> new Plan()).own = event.leadDays();
    }

    @EventSourcingHandler
    void on(SecretExpiryTracked event) {
        identify(event.workspaceId());
        Plan plan = plans.computeIfAbsent(event.secretId(), id -> new Plan());
        plan.sequence = event.sequence();
        switch (event.change()) {
            case CREATED, EXPIRY_CHANGED -> {
                if (!Objects.equals(plan.expiresAt, event.expiresAt())) {
                    plan.expiresAt = event.expiresAt();
                    plan.passed.clear();
                    plan.rotated = false;
                }
            }
            case DELETED -> plan.inUse = false;
            case RESTORED -> plan.inUse = true;
            case PURGED -> plan.purged = true;
        }
    }

    @EventSourcingHandler
    void on(ExpiryReminderDue event) {
        Plan plan = plans.get(event.secretId());
        plan.passed.addAll(event.passedLeadDays());
        plan.digest = event.digest();
        openDigest = event.digest();
        lastDigest = Math.max(lastDigest, event.digest());
    }

    @EventSourcingHandler
    void on(ReminderDigestSent event) {
        openDigest = null;
    }

    @EventSourcingHandler
    void on(SecretRotationMarked event) {
        identify(event.workspaceId());
        plans.computeIfAbsent(event.secretId(), id -> new Plan()).rotated = true;
    }

    private void identify(String workspace) {
        workspaceId = workspace;
        remindersId = ReminderScope.idOf(workspace);
    }

    private void replan(String secretId, DeadlineManager deadlines) {
        replan(secretId, deadlines, now());
    }

    private void replan(String secretId, DeadlineManager deadlines, Instant now) {
        deadlines.cancelAllWithinScope(DUE + secretId);
        Plan plan = plans.get(secretId);
        if (plan == null || !plan.active()) {
            return;
        }
        leadsOf(plan).stream().filter(days -> !plan.passed.contains(days))
                .map(days -> LeadDays.pointOf(plan.expiresAt, days)).map(at -> at.isBefore(now) ? now : at)
                .min(Comparator.naturalOrder())
                .ifPresent(at -> deadlines.schedule(at, DUE + secretId, new ReminderDue(secretId, plan.expiresAt)));
    }

    private List<Integer> leadsOf(Plan plan) {
        return plan.own != null ? plan.own : defaults;
    }

    private ReminderSettings settingsOf(String secretId) {
        Plan plan = plans.get(secretId);
        return plan == null || plan.own == null ? new ReminderSettings(defaults, true)
                : new ReminderSettings(plan.own, false);
    }

    private static void requireModifier(String workspace, String secretId, Actor actor, SecretReach reach) {
        if (secretId == null || secretId.isBlank()) {
            throw DomainException.invalid("secretId", "Name the secret");
        }
        SecretReach.Reach secret = reach.of(workspace, secretId, List.of(actor.id()))
                .orElseThrow(() -> DomainException.notFound("secretId", "No such secret in this workspace"));
        if (!secret.modifiers().contains(actor.id())) {
            throw DomainException.forbidden("You may not change this secret's reminders");
        }
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }
}
