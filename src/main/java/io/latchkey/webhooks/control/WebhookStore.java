package io.latchkey.webhooks.control;

import static io.latchkey.platform.UtcColumns.column;

import io.latchkey.platform.Refusal;
import io.latchkey.webhooks.entity.Webhook;
import io.latchkey.webhooks.entity.WebhookDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhooks and their deliveries in the database, in the caller's transaction; every read scoped to one organization. */
@ApplicationScoped
public class WebhookStore {

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    public List<Webhook> ofOrganization(String organizationId) {
        return em.createNamedQuery(Webhook.OF_ORGANIZATION, Webhook.class)
                .setParameter("organization", organizationId).getResultList();
    }

    public long countOf(String organizationId) {
        return em.createNamedQuery(Webhook.COUNT_OF_ORGANIZATION, Long.class)
                .setParameter("organization", organizationId).getSingleResult();
    }

    /** The organization's webhook; 404 for one that does not exist or is another organization's alike. */
    public Webhook get(String organizationId, String id) {
        Webhook webhook = id == null ? null : em.find(Webhook.class, id);
        if (webhook == null || !webhook.organizationId().equals(organizationId)) {
            throw Refusal.notFound("webhook", id);
        }
        return webhook;
    }

    /** Any organization's webhook, for the dispatcher only. */
    public Optional<Webhook> byId(String id) {
        return Optional.ofNullable(em.find(Webhook.class, id));
    }

    public void add(Webhook webhook) {
        em.persist(webhook);
    }

    public void add(WebhookDelivery delivery) {
        em.persist(delivery);
    }

    public void remove(Webhook webhook) {
        em.createQuery("delete from WebhookDelivery d where d.webhookId = :webhook").setParameter("webhook", webhook.id())
                .executeUpdate();
        em.remove(webhook);
    }

    public List<WebhookDelivery> deliveries(String webhookId, int limit, int offset) {
        return em.createNamedQuery(WebhookDelivery.OF_WEBHOOK, WebhookDelivery.class)
                .setParameter("webhook", webhookId).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long countDeliveries(String webhookId) {
        return em.createNamedQuery(WebhookDelivery.COUNT_OF_WEBHOOK, Long.class)
                .setParameter("webhook", webhookId).getSingleResult();
    }

    /** Webhooks with deliveries not yet delivered nor given up. */
    public List<String> waiting() {
        return em.createNamedQuery(WebhookDelivery.WAITING_WEBHOOKS, String.class).getResultList();
    }

    /** The oldest delivery of the webhook not yet delivered nor given up: the only one that may be sent. */
    public Optional<Long> head(String webhookId) {
        return Optional.ofNullable(em.createNamedQuery(WebhookDelivery.HEAD, Long.class)
                .setParameter("webhook", webhookId).getSingleResult());
    }

    /** Takes the delivery for this instance until {@code leaseUntil}; false if it is not due or another has it. */
    public boolean lease(long id, Instant now, Instant leaseUntil) {
        return em.createNamedQuery(WebhookDelivery.LEASE)
                .setParameter("id", id)
                .setParameter("now", column(now))
                .setParameter("leaseUntil", column(leaseUntil))
                .executeUpdate() > 0;
    }

    public WebhookDelivery delivery(long id) {
        return em.find(WebhookDelivery.class, id);
    }

    public int prune(Instant before) {
        return em.createNamedQuery(WebhookDelivery.PRUNE).setParameter("before", column(before)).executeUpdate();
    }
}
