package io.latchkey.webhooks.control;

import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.entity.Actor;
import io.latchkey.audit.entity.EventType;
import io.latchkey.platform.Refusal;
import io.latchkey.webhooks.entity.Webhook;
import io.latchkey.webhooks.entity.WebhookEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.util.Set;

/**
 * The rules for registering webhooks, whoever asks (the boundary lets only admins): at most
 * {@link Webhook#MAX_PER_ORGANIZATION} per organization, a target {@link Targets} allows, at least one event.
 * Every change is audited as an organization event (never the secret). Runs in the caller's transaction.
 */
@ApplicationScoped
public class Webhooks {

    /** A registration or change; null: unchanged. */
    public record Definition(String url, String description, Set<WebhookEvent> events, Boolean active) {
    }

    /** A webhook with its secret, the one time it is shown. */
    public record Issued(Webhook webhook, String secret) {
    }

    @Inject
    WebhookStore store;

    @Inject
    Targets targets;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    public Issued create(String organizationId, Actor actor, Definition definition) {
        if (store.countOf(organizationId) >= Webhook.MAX_PER_ORGANIZATION) {
            throw Refusal.conflict("webhook_limit_reached", "The organization already has " + Webhook.MAX_PER_ORGANIZATION
                    + " webhooks, the most it may have; delete one first");
        }
        requireTarget(definition.url());
        String secret = Signatures.newSecret();
        Webhook webhook = new Webhook(organizationId, definition.url(), definition.description(), definition.events(), secret,
                clock.instant());
        store.add(webhook);
        audit.recordAccount(organizationId, null, EventType.WEBHOOK_CREATED, actor, clock.instant(), describe(webhook).build());
        return new Issued(webhook, secret);
    }

    public Webhook change(String organizationId, Actor actor, String id, Definition definition) {
        Webhook webhook = store.get(organizationId, id);
        if (definition.url() != null) {
            requireTarget(definition.url());
        }
        webhook.change(definition.url(), definition.description(), definition.events(), definition.active());
        audit.recordAccount(organizationId, null, EventType.WEBHOOK_CHANGED, actor, clock.instant(), describe(webhook).build());
        return webhook;
    }

    public Issued rotate(String organizationId, Actor actor, String id) {
        Webhook webhook = store.get(organizationId, id);
        String secret = Signatures.newSecret();
        webhook.rotate(secret);
        audit.recordAccount(organizationId, null, EventType.WEBHOOK_CHANGED, actor, clock.instant(),
                describe(webhook).add("secret_rotated", true).build());
        return new Issued(webhook, secret);
    }

    public void delete(String organizationId, Actor actor, String id) {
        Webhook webhook = store.get(organizationId, id);
        audit.recordAccount(organizationId, null, EventType.WEBHOOK_DELETED, actor, clock.instant(), describe(webhook).build());
        store.remove(webhook);
    }

    private void requireTarget(String url) {
        targets.refusal(url).ifPresent(why -> {
            throw Refusal.invalid("webhook_target_not_allowed", "url", why);
        });
    }

    private static JsonObjectBuilder describe(Webhook webhook) {
        return Json.createObjectBuilder()
                .add("webhook_id", webhook.id())
                .add("url", webhook.url())
                .add("events", Json.createArrayBuilder(webhook.events().stream().map(WebhookEvent::wireName).sorted().toList()))
                .add("active", webhook.isActive());
    }
}
