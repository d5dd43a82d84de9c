package io.secretledger.graphql.reminder;

import io.secretledger.api.reminder.ChangeReminderDefaults;
import io.secretledger.api.reminder.ChangeSecretReminders;
import io.secretledger.api.common.ErrorCode;
import io.secretledger.api.reminder.ExpiryReminder;
import io.secretledger.api.reminder.FindReminderSettings;
import io.secretledger.api.reminder.MarkSecretRotated;
import io.secretledger.api.reminder.ReminderSettings;
import io.secretledger.api.reminder.RotationMarked;
import io.secretledger.api.reminder.WatchExpiryReminders;
import io.secretledger.api.secret.ChangeSecretExpiration;
import io.secretledger.graphql.caller.Caller;
import io.secretledger.graphql.caller.WorkspaceStatuses;
import io.secretledger.graphql.error.ApiException;
import io.secretledger.graphql.support.Ids;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Expiry reminders: lead times, marking a secret rotated, and the reminders as they fall due (docs/adr/0023). */
@Controller
class ReminderController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final WorkspaceStatuses statuses;

    ReminderController(CommandGateway commands, QueryGateway queries, WorkspaceStatuses statuses) {
        this.commands = commands;
        this.queries = queries;
        this.statuses = statuses;
    }

    record SetReminderDefaultsInput(List<Integer> leadDays) {
    }

    record SetSecretRemindersInput(String secretId, List<Integer> leadDays) {
    }

    record MarkSecretRotatedInput(String secretId, Instant newExpiresAt) {
    }

    record ReminderSettingsPayload(String secretId, List<Integer> leadDays, boolean workspaceDefault) {

        static ReminderSettingsPayload of(String secretId, ReminderSettings settings) {
            return new ReminderSettingsPayload(secretId, settings.leadDays(), settings.workspaceDefault());
        }
    }

    record MarkSecretRotatedPayload(String secretId, Instant clearedExpiresAt, Instant newExpiresAt) {
    }

    @QueryMapping
    CompletableFuture<ReminderSettingsPayload> reminderSettings(@Argument String secretId,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return queries.query(new FindReminderSettings(who.workspaceId(), who.memberId(), secretId),
                ReminderSettings.class).thenApply(settings -> {
                    if (settings == null) {
                        throw new ApiException(ErrorCode.NOT_FOUND, "secretId", "No such secret in this workspace");
                    }
                    return ReminderSettingsPayload.of(secretId, settings);
                });
    }

    @MutationMapping
    CompletableFuture<ReminderSettingsPayload> setReminderDefaults(@Argument SetReminderDefaultsInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        return commands.<ReminderSettings>send(new ChangeReminderDefaults(who.workspaceId(), input.leadDays(),
                who.actor())).thenApply(settings -> ReminderSettingsPayload.of(null, settings));
    }

    @MutationMapping
    CompletableFuture<ReminderSettingsPayload> setSecretReminders(@Argument SetSecretRemindersInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.require(input.secretId(), "secretId");
        return commands.<ReminderSettings>send(new ChangeSecretReminders(who.workspaceId(), secretId,
                input.leadDays(), who.actor())).thenApply(settings -> ReminderSettingsPayload.of(secretId, settings));
    }

    /**
     * Clears the reminders first, then changes the expiry with the secret's own command, whose event plans the
     * new reminders: the other order could clear the plan of the new expiry.
     */
    @MutationMapping
    CompletableFuture<MarkSecretRotatedPayload> markSecretRotated(@Argument MarkSecretRotatedInput input,
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        String secretId = Ids.require(input.secretId(), "secretId");
        return commands.<RotationMarked>send(new MarkSecretRotated(who.workspaceId(), secretId, input.newExpiresAt(),
                who.actor())).thenCompose(marked -> input.newExpiresAt() == null
                ? CompletableFuture.completedFuture(new MarkSecretRotatedPayload(secretId, marked.clearedExpiresAt(),
                        null))
                : commands.send(new ChangeSecretExpiration(secretId, who.workspaceId(), input.newExpiresAt(),
                        who.actor())).thenApply(version -> new MarkSecretRotatedPayload(secretId,
                        marked.clearedExpiresAt(), input.newExpiresAt())));
    }

    @SubscriptionMapping
    Flux<ExpiryReminder> expiryReminderDue(
            @ContextValue(name = Caller.CONTEXT_KEY, required = false) Caller caller) {
        Caller who = Caller.require(caller);
        SubscriptionQueryResult<Boolean, ExpiryReminder> result = queries.subscriptionQuery(
                new WatchExpiryReminders(who.workspaceId(), who.memberId()), Boolean.class, ExpiryReminder.class);
        return statuses.untilSuspended(who, who.untilTokenExpires(
                        result.initialResult().thenMany(result.updates())))
                .doFinally(signal -> result.close());
    }
}
