package io.latchkey.webhooks.control;

import io.latchkey.accounts.control.UserDeactivated;
import io.latchkey.accounts.control.UserStore;
import io.latchkey.accounts.entity.User;
import io.latchkey.audit.control.Audited;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.notices.control.NoticeClaimed;
import io.latchkey.notices.entity.Threshold;
import io.latchkey.webhooks.entity.Webhook;
import io.latchkey.webhooks.entity.WebhookDelivery;
import io.latchkey.webhooks.entity.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the organization's events into deliveries, in the transaction that makes them: key events and leak
 * reports from the audit trail ({@link Audited}), keys nearing their end from claimed notices
 * ({@link NoticeClaimed}, so they go out whether or not mail can), deactivated users ({@link UserDeactivated}).
 * One CloudEvent per event, with one id, for every endpoint of the organization that listens to it. After the
 * transaction commits, {@link DeliveriesQueued} tells this instance's dispatcher to send at once.
 */
@ApplicationScoped
public class WebhookOutbox {

    private static final Map<EventType, WebhookEvent> FROM_AUDIT = Map.of(
            EventType.CREATED, WebhookEvent.KEY_CREATED,
            EventType.EDITED, WebhookEvent.KEY_CHANGED,
            EventType.REGENERATED, WebhookEvent.KEY_REGENERATED,
            EventType.REVOKED, WebhookEvent.KEY_REVOKED,
            EventType.LEAK_REPORTED, WebhookEvent.LEAK_REPORTED);

    @Inject
    WebhookStore store;

    @Inject
    UserStore users;

    @Inject
    Clock clock;

    @Inject
    Event<DeliveriesQueued> queued;

    void onAudited(@Observes Audited event) {
        WebhookEvent kind = FROM_AUDIT.get(event.type());
        if (kind == null || event.keyId() == null) {
            return;
        }
        JsonObjectBuilder data = Json.createObjectBuilder().add("key_id", event.keyId()).add("actor", actor(event.actor()));
        if (event.details() != null) {
            data.add("details", event.details());
        }
        publish(event.organizationId(), kind, event.keyId(), data.build(), event.at());
    }

    void onNoticeClaimed(@Observes NoticeClaimed notice) {
        JsonObjectBuilder data = Json.createObjectBuilder().add("key_id", notice.keyId())
                .add("threshold", notice.threshold().wireName());
        WebhookEvent kind;
        if (notice.threshold() == Threshold.EXPIRED) {
            kind = WebhookEvent.KEY_EXPIRED;
            data.add("expired_at", notice.keyExpiresAt().toString());
        } else {
            kind = WebhookEvent.KEY_EXPIRING;
            data.add(notice.threshold().isUnused() ? "revoke_on" : "expires_at", notice.keyExpiresAt().toString());
        }
        publish(notice.organizationId(), kind, notice.keyId(), data.build(), notice.at());
    }

    void onUserDeactivated(@Observes UserDeactivated deactivated) {
        Optional<User> user = users.byId(deactivated.userId());
        user.ifPresent(u -> publish(u.organization().id(), WebhookEvent.USER_DEACTIVATED, u.id(),
                Json.createObjectBuilder().add("user_id", u.id()).add("kind", u.isServiceAccount() ? "service" : "person")
                        .build(), clock.instant()));
    }

    /** Writes one delivery of the event for every endpoint of the organization that listens to it. */
    void publish(String organizationId, WebhookEvent kind, String subject, JsonObject data, Instant at) {
        List<Webhook> listening = store.ofOrganization(organizationId).stream().filter(w -> w.listensTo(kind)).toList();
        if (listening.isEmpty()) {
            return;
        }
        String eventId = UUID.randomUUID().toString();
        String payload = CloudEvents.structured(eventId, organizationId, kind, subject, at, data);
        for (Webhook webhook : listening) {
            store.add(new WebhookDelivery(webhook, eventId, kind, payload, at));
        }
        queued.fire(new DeliveriesQueued());
    }

    private static JsonObject actor(Actor actor) {
        JsonObjectBuilder who = Json.createObjectBuilder();
        if (actor.userId() == null) {
            who.add("type", "system");
        } else {
            who.add("type", "user").add("user_id", actor.userId());
        }
        if (actor.authMethod() != null) {
            who.add("auth_method", actor.authMethod());
        }
        if (actor.viaKeyId() != null) {
            who.add("via_key_id", actor.viaKeyId());
        }
        return who.build();
    }
}
