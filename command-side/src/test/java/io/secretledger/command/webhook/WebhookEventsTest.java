package io.secretledger.command.webhook;

import io.secretledger.api.common.Actor;
import io.secretledger.api.secret.FieldValue;
import io.secretledger.api.secret.SecretEdited;
import io.secretledger.api.secret.EncryptedValue;
import io.secretledger.api.webhook.WebhookEventType;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What a webhook body says of a change: names and ids, never what the change wrote. */
class WebhookEventsTest {

    @Test
    void everyFollowedEventNamesItsWorkspaceAndActorAndEveryTypeHasAnEvent() {
        for (Class<?> type : WebhookEvents.kinds().keySet()) {
            Set<String> names = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            assertThat(names).as(type.getSimpleName()).contains("workspaceId", "actor");
        }
        Set<WebhookEventType> covered = WebhookEvents.kinds().values().stream().map(WebhookEvents.Kind::type)
                .collect(Collectors.toSet());
        assertThat(covered).isEqualTo(EnumSet.allOf(WebhookEventType.class));
    }

    @Test
    void aBodyCarriesTheChangeButNoValueOrDescription() {
        String canary = "sk_webhook_canary_" + System.nanoTime();
        SecretEdited edited = new SecretEdited("secret-1", "ws-1", "described " + canary, List.of(new FieldValue(
                "token", 2, null, new EncryptedValue("dk1", new byte[12], canary.getBytes(StandardCharsets.UTF_8))),
                FieldValue.plain("tenant", 1, canary)),
                Actor.member("m-1", "o\"wner@example.com"));
        var change = WebhookEvents.describe(new GenericDomainEventMessage<>("Secret", "secret-1", 4, edited)).get();
        assertThat(change.type()).isEqualTo("secret.edited");
        assertThat(change.workspaceId()).isEqualTo("ws-1");
        assertThat(change.body()).doesNotContain(canary).doesNotContain("described")
                .startsWith("{\"type\":\"secret.edited\",\"timestamp\":\"")
                .contains("\"subjectType\":\"secret\",\"subjectId\":\"secret-1\",\"version\":4")
                .contains("\"displayName\":\"o\\\"wner@example.com\"");
        assertThat(WebhookEvents.describe(GenericEventMessage.asEventMessage("not a change"))).isEmpty();
    }
}
