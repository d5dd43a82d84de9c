package io.secretledger.command.webhook;

import io.secretledger.api.common.Actor;
import io.secretledger.api.common.Permission;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.webhook.ChangeWebhook;
import io.secretledger.api.webhook.DeleteWebhook;
import io.secretledger.api.webhook.DeliveryOutcome;
import io.secretledger.api.webhook.DispatchWebhookEvent;
import io.secretledger.api.webhook.RecordWebhookDelivery;
import io.secretledger.api.webhook.RegisterWebhook;
import io.secretledger.api.webhook.RotateWebhookSecret;
import io.secretledger.api.webhook.WebhookAttemptDue;
import io.secretledger.api.webhook.WebhookChanged;
import io.secretledger.api.webhook.WebhookDeleted;
import io.secretledger.api.webhook.WebhookDeliveryRecorded;
import io.secretledger.api.webhook.WebhookEventType;
import io.secretledger.api.webhook.WebhookRegistered;
import io.secretledger.api.webhook.WebhookScope;
import io.secretledger.api.webhook.WebhookSecret;
import io.secretledger.api.webhook.WebhookSecretRotated;
import io.secretledger.api.webhook.WebhookState;
import io.secretledger.command.common.DomainException;
import io.secretledger.command.common.Violations;
import io.secretledger.command.workspace.WorkspaceDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A workspace's webhooks (docs/adr/0027): the destinations its owners registered, the types of change each follows,
 * each one's signing secret (sealed), and the deliveries still under way, keyed by webhook and event so that a change
 * dispatched twice (a redelivered event, a rebuild) is delivered once. It decides and records; it never makes the
 * HTTP call, which the courier makes outside this aggregate and reports with {@link RecordWebhookDelivery}, so a slow
 * receiver never holds this aggregate's lock.
 */
@Aggregate(cache = "aggregateCache")
public class Webhooks {

    static final String ATTEMPT = "webhook-attempt";
    static final int MAX_WEBHOOKS = 20;
    static final int MAX_URL = 2048;

    @AggregateIdentifier
    private String webhooksId;
    private String workspaceId;
    private final Map<String, Hook> hooks = new LinkedHashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Set<String> finished = new HashSet<>();

    private static final class Hook {
        private String url;
        private List<String> eventTypes;
        private boolean enabled = true;
        private EncryptedValue secret;
        private int secretVersion;

        @Override
        public boolean equals(Object other) {
            return other instanceof Hook hook && enabled == hook.enabled && secretVersion == hook.secretVersion
                    && Objects.equals(url, hook.url) && Objects.equals(eventTypes, hook.eventTypes)
                    && Objects.equals(secret, hook.secret);
        }

        @Override
        public int hashCode() {
            return Objects.hash(url, eventTypes, enabled, secretVersion);
        }
    }

    /** A delivery under way: its latest attempt, and whether that attempt's outcome is still awaited. */
    private static final class Pending {
        private String webhookId;
        private String eventId;
        private String eventType;
        private String body;
        private int attempt;
        private boolean awaiting;

        @Override
        public boolean equals(Object other) {
            return other instanceof Pending that && attempt == that.attempt && awaiting == that.awaiting
                    && Objects.equals(webhookId, that.webhookId) && Objects.equals(eventId, that.eventId)
                    && Objects.equals(eventType, that.eventType) && Objects.equals(body, that.body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(webhookId, eventId, attempt);
        }
    }

    protected Webhooks() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public WebhookSecret handle(RegisterWebhook command, WorkspaceDirectory directory,
                                WebhookDestinations destinations, WebhookSecrets secrets) {
        if (workspaceId != null && !workspaceId.equals(command.workspaceId())
                || !WebhookScope.idOf(command.workspaceId()).equals(command.webhooksId())) {
            throw DomainException.notFound("id", "No such webhook in this workspace");
        }
        requireOwner(directory, command.workspaceId(), command.actor());
        if (command.webhookId() == null || command.webhookId().isBlank() || hooks.containsKey(command.webhookId())) {
            throw DomainException.conflict("id", "A webhook of this workspace has this id");
        }
        Violations violations = new Violations();
        List<String> types = eventTypes(command.eventTypes(), violations);
        String url = command.url() == null ? "" : command.url().strip();
        if (url.length() > MAX_URL) {
            violations.add("url", "At most " + MAX_URL + " characters");
        }
        if (hooks.size() >= MAX_WEBHOOKS) {
            violations.add("url", "A workspace has at most " + MAX_WEBHOOKS + " webhooks; delete one first");
        }
        violations.throwIfAny();
        destinations.check(command.workspaceId(), url);
        WebhookSecrets.Issued secret = secrets.issue(command.workspaceId(), command.webhookId(), 1);
        apply(new WebhookRegistered(command.webhooksId(), command.workspaceId(), command.webhookId(), url, types,
                secret.sealed(), 1, command.actor()));
        return new WebhookSecret(command.webhookId(), url, types, true, 1, secret.shown());
    }

    @CommandHandler
    public WebhookState handle(ChangeWebhook command, WorkspaceDirectory directory) {
        Hook hook = hookOf(command.workspaceId(), command.webhookId());
        requireOwner(directory, workspaceId, command.actor());
        Violations violations = new Violations();
        List<String> types = command.eventTypes() == null ? hook.eventTypes
                : eventTypes(command.eventTypes(), violations);
        violations.throwIfAny();
        boolean enabled = command.enabled() == null ? hook.enabled : command.enabled();
        if (!types.equals(hook.eventTypes) || enabled != hook.enabled) {
            apply(new WebhookChanged(webhooksId, workspaceId, command.webhookId(), types, enabled, command.actor()));
        }
        return new WebhookState(command.webhookId(), hook.url, types, enabled, hook.secretVersion);
    }

    @CommandHandler
    public WebhookSecret handle(RotateWebhookSecret command, WorkspaceDirectory directory, WebhookSecrets secrets) {
        Hook hook = hookOf(command.workspaceId(), command.webhookId());
        requireOwner(directory, workspaceId, command.actor());
        int version = hook.secretVersion + 1;
        WebhookSecrets.Issued secret = secrets.issue(workspaceId, command.webhookId(), version);
        apply(new WebhookSecretRotated(webhooksId, workspaceId, command.webhookId(), secret.sealed(), version,
                command.actor()));
        return new WebhookSecret(command.webhookId(), hook.url, hook.eventTypes, hook.enabled, version,
                secret.shown());
    }

    @CommandHandler
    public String handle(DeleteWebhook command, WorkspaceDirectory directory, WebhookSecrets secrets) {
        hookOf(command.workspaceId(), command.webhookId());
        requireOwner(directory, workspaceId, command.actor());
        apply(new WebhookDeleted(webhooksId, workspaceId, command.webhookId(), command.actor()));
        String workspace = workspaceId;
        Instant at = now();
        CurrentUnitOfWork.ifStarted(unit -> unit.afterCommit(done -> secrets.shred(workspace, command.webhookId(),
                at)));
        return command.webhookId();
    }

    /**
     * A change every enabled webhook following its type gets once: a delivery already under way or finished for the
     * same webhook and event is not started again. The first attempt is due at once.
     */
    @CommandHandler
    public int handle(DispatchWebhookEvent command) {
        int started = 0;
        for (Map.Entry<String, Hook> entry : hooks.entrySet()) {
            Hook hook = entry.getValue();
            String deliveryId = WebhookScope.deliveryIdOf(entry.getKey(), command.eventId());
            if (!hook.enabled || !hook.eventTypes.contains(command.eventType()) || pending.containsKey(deliveryId)
                    || finished.contains(deliveryId)) {
                continue;
            }
            apply(new WebhookAttemptDue(webhooksId, workspaceId, entry.getKey(), deliveryId, command.eventId(),
                    command.eventType(), 1, hook.url, command.body(), hook.secret, hook.secretVersion));
            started++;
        }
        return started;
    }

    /**
     * An attempt's outcome, once: a report of an attempt not awaited (a repeat, a stale one) changes nothing. A
     * failure is tried again after the next back-off delay, unless it was the last attempt or the webhook is gone.
     */
    @CommandHandler
    public void handle(RecordWebhookDelivery command, WebhookTiming timing, DeadlineManager deadlines) {
        Pending delivery = pending.get(command.deliveryId());
        if (delivery == null || !delivery.awaiting || delivery.attempt != command.attempt()) {
            return;
        }
        if (command.delivered()) {
            apply(recorded(command.deliveryId(), delivery, command.attempt(), DeliveryOutcome.DELIVERED,
                    command.status(), null, null));
            return;
        }
        Hook hook = hooks.get(delivery.webhookId);
        Duration delay = hook == null || !hook.enabled ? null : timing.after(command.attempt());
        Instant next = delay == null ? null : now().plus(delay);
        String error = command.error() == null ? null : command.error().length() > 200
                ? command.error().substring(0, 200) : command.error();
        apply(recorded(command.deliveryId(), delivery, command.attempt(), DeliveryOutcome.FAILED, command.status(),
                error, next));
        if (next != null) {
            deadlines.schedule(next, ATTEMPT, new AttemptDue(command.deliveryId(), command.attempt() + 1));
        }
    }

    /** The next attempt of a delivery, with the webhook's URL and secret as they are now. */
    @DeadlineHandler(deadlineName = ATTEMPT)
    void attemptAgain(AttemptDue due) {
        Pending delivery = pending.get(due.deliveryId());
        if (delivery == null || delivery.awaiting || due.attempt() != delivery.attempt + 1) {
            return;
        }
        Hook hook = hooks.get(delivery.webhookId);
        if (hook == null || !hook.enabled) {
            apply(recorded(due.deliveryId(), delivery, due.attempt(), DeliveryOutcome.FAILED, null,
                    hook == null ? "not sent: the webhook was deleted" : "not sent: the webhook is disabled", null));
            return;
        }
        apply(new WebhookAttemptDue(webhooksId, workspaceId, delivery.webhookId, due.deliveryId(), delivery.eventId,
                delivery.eventType, due.attempt(), hook.url, delivery.body, hook.secret, hook.secretVersion));
    }

    private WebhookDeliveryRecorded recorded(String deliveryId, Pending delivery, int attempt, DeliveryOutcome outcome,
                                             Integer status, String error, Instant next) {
        return new WebhookDeliveryRecorded(webhooksId, workspaceId, delivery.webhookId, deliveryId, delivery.eventId,
                delivery.eventType, attempt, outcome, status, error, next);
    }

    private Hook hookOf(String workspace, String webhookId) {
        Hook hook = webhookId == null ? null : hooks.get(webhookId);
        if (hook == null || !workspaceId.equals(workspace)) {
            throw DomainException.notFound("id", "No such webhook in this workspace");
        }
        return hook;
    }

    private static void requireOwner(WorkspaceDirectory directory, String workspace, Actor actor) {
        boolean owner = directory.member(workspace, actor.id())
                .map(member -> member.permissions().contains(Permission.ACCOUNT_OWNER)).orElse(false);
        if (!owner) {
            throw DomainException.forbidden("Webhooks are the account owners'");
        }
    }

    private static List<String> eventTypes(List<String> requested, Violations violations) {
        Set<String> types = new LinkedHashSet<>();
        if (requested == null || requested.isEmpty()) {
            violations.add("eventTypes", "At least one event type, such as secret.created");
            return List.of();
        }
        for (int i = 0; i < requested.size(); i++) {
            String type = requested.get(i) == null ? "" : requested.get(i).strip();
            if (WebhookEventType.ofWireName(type).isEmpty()) {
                violations.add("eventTypes[" + i + "]", "Not an event type a webhook can follow");
            } else {
                types.add(type);
            }
        }
        return new ArrayList<>(types);
    }

    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(WebhookRegistered event) {
        webhooksId = event.webhooksId();
        workspaceId = event.workspaceId();
        Hook hook = new Hook();
        hook.url = event.url();
        hook.eventTypes = List.copyOf(event.eventTypes());
        hook.secret = event.signingSecret();
        hook.secretVersion = event.secretVersion();
        hooks.put(event.webhookId(), hook);
    }

    @EventSourcingHandler
    void on(WebhookChanged event) {
        Hook hook = hooks.get(event.webhookId());
        if (hook != null) {
            hook.eventTypes = List.copyOf(event.eventTypes());
            hook.enabled = event.enabled();
        }
    }

    @EventSourcingHandler
    void on(WebhookSecretRotated event) {
        Hook hook = hooks.get(event.webhookId());
        if (hook != null) {
            hook.secret = event.signingSecret();
            hook.secretVersion = event.secretVersion();
        }
    }

    @EventSourcingHandler
    void on(WebhookDeleted event) {
        hooks.remove(event.webhookId());
    }

    @EventSourcingHandler
    void on(WebhookAttemptDue event) {
        Pending delivery = pending.computeIfAbsent(event.deliveryId(), id -> new Pending());
        delivery.webhookId = event.webhookId();
        delivery.eventId = event.eventId();
        delivery.eventType = event.eventType();
        delivery.body = event.body();
        delivery.attempt = event.attempt();
        delivery.awaiting = true;
    }

    @EventSourcingHandler
    void on(WebhookDeliveryRecorded event) {
        Pending delivery = pending.get(event.deliveryId());
        if (event.nextAttemptAt() == null) {
            pending.remove(event.deliveryId());
            finished.add(event.deliveryId());
        } else if (delivery != null) {
            delivery.attempt = event.attempt();
            delivery.awaiting = false;
        }
    }
}
