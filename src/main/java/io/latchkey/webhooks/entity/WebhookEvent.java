package io.latchkey.webhooks.entity;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook can be told of; {@link #wireName()} is what admins subscribe to, and the CloudEvents type's tail. */
public enum WebhookEvent {
    KEY_CREATED("key.created"),
    KEY_CHANGED("key.changed"),
    KEY_REGENERATED("key.regenerated"),
    KEY_REVOKED("key.revoked"),
    /** A key nears its expiry (15 and 7 days before), or its revocation for disuse (7 days before). */
    KEY_EXPIRING("key.expiring"),
    KEY_EXPIRED("key.expired"),
    LEAK_REPORTED("leak.reported"),
    USER_DEACTIVATED("user.deactivated");

    private final String wireName;

    WebhookEvent(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The CloudEvents {@code type}: {@code io.latchkey.key.created}. */
    public String cloudEventType() {
        return "io.latchkey." + wireName;
    }

    public static Optional<WebhookEvent> fromWireName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
    }
}
