package io.secretledger.api.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The changes a webhook can follow, by the names receivers see in the body's {@code type}. */
public enum WebhookEventType {
    SECRET_CREATED("secret.created"),
    SECRET_EDITED("secret.edited"),
    SECRET_EXPIRATION_CHANGED("secret.expiration-changed"),
    SECRET_ACTIVATED("secret.activated"),
    SECRET_DEACTIVATED("secret.deactivated"),
    SECRET_ACCESS_CHANGED("secret.access-changed"),
    SECRET_ROLLED_BACK("secret.rolled-back"),
    SECRET_DELETED("secret.deleted"),
    SECRET_RESTORED("secret.restored"),
    SECRET_PURGED("secret.purged"),
    TEMPLATE_CREATED("template.created"),
    TEMPLATE_ARCHIVED("template.archived"),
    MEMBER_ADDED("member.added"),
    MEMBER_REMOVED("member.removed"),
    MEMBER_PERMISSIONS_CHANGED("member.permissions-changed"),
    INTEGRATION_SAVED("integration.saved"),
    INTEGRATION_DELETED("integration.deleted"),
    EGRESS_ALLOWLIST_CHANGED("egress-allowlist.changed");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> ofWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
