package io.latchkey.webhooks.boundary;

import io.latchkey.webhooks.control.WebhookStore;
import io.latchkey.webhooks.entity.Webhook;
import io.latchkey.webhooks.entity.WebhookDelivery;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The dispatcher's steps, each its own short transaction: one endpoint's trouble never undoes another's progress. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DeliverySteps {

    /** What one attempt sends, detached from the persistence context. */
    public record Attempt(long deliveryId, String eventId, String url, String secret, String payload, int attempt) {
    }

    @Inject
    WebhookStore store;

    public List<String> waitingWebhooks() {
        return store.waiting();
    }

    /**
     * Leases the webhook's oldest undelivered delivery if it is due, and returns what to send; nothing when the
     * webhook has none, is inactive, its head is not due yet (later ones wait behind it: order holds) or another
     * instance has it.
     */
    public Optional<Attempt> leaseHead(String webhookId, Instant now, Duration leaseFor) {
        Optional<Webhook> webhook = store.byId(webhookId).filter(Webhook::isActive);
        Optional<Long> head = webhook.isEmpty() ? Optional.empty() : store.head(webhookId);
        if (head.isEmpty() || !store.lease(head.get(), now, now.plus(leaseFor))) {
            return Optional.empty();
        }
        WebhookDelivery delivery = store.delivery(head.get());
        return Optional.of(new Attempt(delivery.id(), delivery.eventId(), webhook.get().url(), webhook.get().secret(),
                delivery.payload(), delivery.attempts() + 1));
    }

    public void delivered(long deliveryId, int status, Instant now) {
        WebhookDelivery delivery = store.delivery(deliveryId);
        if (delivery != null) {
            delivery.delivered(status, now);
        }
    }

    public void failed(long deliveryId, Integer status, String error, Instant now, Duration backoff, int maxAttempts) {
        WebhookDelivery delivery = store.delivery(deliveryId);
        if (delivery != null) {
            delivery.failed(status, error, now, backoff, maxAttempts);
        }
    }

    public int prune(Instant before) {
        return store.prune(before);
    }
}
