package io.latchkey.webhooks.boundary;

import io.latchkey.webhooks.entity.Webhook;
import io.latchkey.webhooks.entity.WebhookEvent;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;

/**
 * A webhook as the API shows it. {@code secret} (the signing secret) only in the answer that made or rotated
 * it; null otherwise.
 */
public record WebhookView(String id, String url, @JsonbNillable String description, List<String> events, boolean active,
                          Instant createdAt, @JsonbNillable String secret) {

    static WebhookView of(Webhook webhook) {
        return of(webhook, null);
    }

    static WebhookView of(Webhook webhook, String secret) {
        return new WebhookView(webhook.id(), webhook.url(), webhook.description(),
                webhook.events().stream().map(WebhookEvent::wireName).sorted().toList(), webhook.isActive(),
                webhook.createdAt(), secret);
    }
}
