package io.latchkey.webhooks.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One event for one endpoint: the outbox row that makes "once per event per endpoint" a database fact (unique
 * on webhook and event). Written in the transaction of the change it reports; sent under a lease, so one
 * instance sends it; ordered per endpoint by its id, which a database sequence hands out.
 */
@Entity
@Table(name = "webhook_deliveries")
@SequenceGenerator(name = "webhook_delivery_seq", sequenceName = "webhook_delivery_seq", allocationSize = 1)
@NamedQuery(name = WebhookDelivery.WAITING_WEBHOOKS, query = "select distinct d.webhookId from WebhookDelivery d where"
        + " d.state = io.latchkey.webhooks.entity.DeliveryState.PENDING or d.state = io.latchkey.webhooks.entity.DeliveryState.SENDING")
@NamedQuery(name = WebhookDelivery.HEAD, query = "select min(d.id) from WebhookDelivery d where d.webhookId = :webhook and"
        + " (d.state = io.latchkey.webhooks.entity.DeliveryState.PENDING or d.state = io.latchkey.webhooks.entity.DeliveryState.SENDING)")
@NamedQuery(name = WebhookDelivery.LEASE, query = "update WebhookDelivery d"
        + " set d.state = io.latchkey.webhooks.entity.DeliveryState.SENDING, d.leaseUntil = :leaseUntil"
        + " where d.id = :id and ((d.state = io.latchkey.webhooks.entity.DeliveryState.PENDING and d.nextAttemptAt <= :now)"
        + " or (d.state = io.latchkey.webhooks.entity.DeliveryState.SENDING and d.leaseUntil < :now))")
@NamedQuery(name = WebhookDelivery.OF_WEBHOOK, query = "select d from WebhookDelivery d where d.webhookId = :webhook"
        + " order by d.id desc")
@NamedQuery(name = WebhookDelivery.COUNT_OF_WEBHOOK, query = "select count(d) from WebhookDelivery d where d.webhookId = :webhook")
@NamedQuery(name = WebhookDelivery.PRUNE, query = "delete from WebhookDelivery d where d.createdAt < :before and"
        + " (d.state = io.latchkey.webhooks.entity.DeliveryState.DELIVERED or d.state = io.latchkey.webhooks.entity.DeliveryState.FAILED)")
public class WebhookDelivery {

    public static final String WAITING_WEBHOOKS = "WebhookDelivery.waitingWebhooks";
    public static final String HEAD = "WebhookDelivery.head";
    public static final String LEASE = "WebhookDelivery.lease";
    public static final String OF_WEBHOOK = "WebhookDelivery.ofWebhook";
    public static final String COUNT_OF_WEBHOOK = "WebhookDelivery.countOfWebhook";
    public static final String PRUNE = "WebhookDelivery.prune";
    /** The longest wait between two attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhook_delivery_seq")
    private Long id;

    @Column(name = "webhook_id")
    private String webhookId;

    @Column(name = "organization_id")
    private String organizationId;

    @Column(name = "event_id")
    private String eventId;

    @Column(name = "event_type")
    private String eventType;

    private String payload;

    @Enumerated(EnumType.STRING)
    private DeliveryState state;

    private int attempts;

    @Column(name = "next_attempt_at")
    private LocalDateTime nextAttemptAt;

    @Column(name = "lease_until")
    private LocalDateTime leaseUntil;

    @Column(name = "last_status")
    private Integer lastStatus;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "created_at")
    private LocalDateTime createdAt;

    @Column(name = "delivered_at")
    private LocalDateTime deliveredAt;

    protected WebhookDelivery() {
    }

    public WebhookDelivery(Webhook webhook, String eventId, WebhookEvent event, String payload, Instant now) {
        this.webhookId = webhook.id();
        this.organizationId = webhook.organizationId();
        this.eventId = eventId;
        this.eventType = event.wireName();
        this.payload = payload;
        this.state = DeliveryState.PENDING;
        this.nextAttemptAt = column(now);
        this.createdAt = column(now);
    }

    /** The endpoint answered 2xx. */
    public void delivered(int status, Instant now) {
        attempts++;
        state = DeliveryState.DELIVERED;
        lastStatus = status;
        lastError = null;
        leaseUntil = null;
        deliveredAt = column(now);
    }

    /**
     * An attempt failed ({@code status} null: no answer); the next waits {@code backoff} doubled per attempt
     * before, at most {@link #MAX_BACKOFF}, and after {@code maxAttempts} the delivery is given up.
     */
    public void failed(Integer status, String error, Instant now, Duration backoff, int maxAttempts) {
        attempts++;
        lastStatus = status;
        lastError = error == null ? null : error.length() > 300 ? error.substring(0, 300) : error;
        leaseUntil = null;
        if (attempts >= maxAttempts) {
            state = DeliveryState.FAILED;
            return;
        }
        state = DeliveryState.PENDING;
        Duration wait = backoff.multipliedBy(1L << Math.min(attempts - 1, 20));
        nextAttemptAt = column(now.plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait));
    }

    public Long id() {
        return id;
    }

    public String webhookId() {
        return webhookId;
    }

    public String organizationId() {
        return organizationId;
    }

    public String eventId() {
        return eventId;
    }

    public String eventType() {
        return eventType;
    }

    public String payload() {
        return payload;
    }

    public DeliveryState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return instant(nextAttemptAt);
    }

    public Integer lastStatus() {
        return lastStatus;
    }

    public String lastError() {
        return lastError;
    }

    public Instant createdAt() {
        return instant(createdAt);
    }

    public Instant deliveredAt() {
        return instant(deliveredAt);
    }
}
