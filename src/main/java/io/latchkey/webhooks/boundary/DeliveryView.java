package io.latchkey.webhooks.boundary;

import io.latchkey.webhooks.entity.DeliveryState;
import io.latchkey.webhooks.entity.WebhookDelivery;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;

/**
 * One delivery as {@code GET /api/v1/webhooks/{id}/deliveries} shows it: the event (its CloudEvents id and
 * type), where it stands ({@code pending}, {@code sending}, {@code delivered}, {@code failed}), the attempts
 * made, the last HTTP status (null: no answer) and error, and when the next attempt is due while pending.
 */
public record DeliveryView(String id, String eventId, String eventType, String state, int attempts,
                           @JsonbNillable Integer lastStatus, @JsonbNillable String lastError,
                           @JsonbNillable Instant nextAttemptAt, Instant createdAt, @JsonbNillable Instant deliveredAt) {

    static DeliveryView of(WebhookDelivery delivery) {
        return new DeliveryView(delivery.id().toString(), delivery.eventId(), delivery.eventType(),
                delivery.state().wireName(), delivery.attempts(), delivery.lastStatus(), delivery.lastError(),
                delivery.state() == DeliveryState.PENDING ? delivery.nextAttemptAt() : null, delivery.createdAt(),
                delivery.deliveredAt());
    }
}
