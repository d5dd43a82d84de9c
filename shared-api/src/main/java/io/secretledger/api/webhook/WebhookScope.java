package io.secretledger.api.webhook;

/**
 * The identifier of a workspace's webhooks (one aggregate per workspace), apart from the workspace's own since both
 * live in one event store; and the identifier of one delivery, the same for every attempt and every redelivery of the
 * event it carries, so that receivers can drop a duplicate (the {@code webhook-id} header).
 */
public record WebhookScope(String workspaceId) {

    public static String idOf(String workspaceId) {
        return "webhooks:" + workspaceId;
    }

    public static String deliveryIdOf(String webhookId, String eventId) {
        return "msg_" + java.util.UUID.nameUUIDFromBytes((webhookId + "|" + eventId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().replace("-", "");
    }
}
