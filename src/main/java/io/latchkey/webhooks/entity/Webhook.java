package io.latchkey.webhooks.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An endpoint an admin registered for some of the organization's events. Its secret signs every delivery
 * (HMAC-SHA256); it is shown to the admin when made or rotated and kept as is, since signing needs it.
 */
@Entity
@Table(name = "webhooks")
@NamedQuery(name = Webhook.OF_ORGANIZATION, query = "select w from Webhook w where w.organizationId = :organization"
        + " order by w.createdAt, w.id")
@NamedQuery(name = Webhook.COUNT_OF_ORGANIZATION, query = "select count(w) from Webhook w where w.organizationId = :organization")
public class Webhook {

    public static final String OF_ORGANIZATION = "Webhook.ofOrganization";
    public static final String COUNT_OF_ORGANIZATION = "Webhook.countOfOrganization";
    /** How many endpoints one organization may register. */
    public static final int MAX_PER_ORGANIZATION = 20;
    public static final int URL_MAX = 2000;

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "organization_id")
    private String organizationId;

    private String url;

    private String description;

    private String events;

    private String secret;

    private boolean active;

    @Column(name = "created_at")
    private LocalDateTime createdAt;

    @Version
    private long version;

    protected Webhook() {
    }

    public Webhook(String organizationId, String url, String description, Set<WebhookEvent> events, String secret, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.organizationId = organizationId;
        this.active = true;
        this.secret = secret;
        this.createdAt = column(now);
        change(url, description, events, null);
    }

    /** Null: unchanged. */
    public void change(String url, String description, Set<WebhookEvent> events, Boolean active) {
        if (url != null) {
            if (url.length() > URL_MAX) {
                throw new IllegalArgumentException("url longer than " + URL_MAX);
            }
            this.url = url;
        }
        if (description != null) {
            this.description = description.isEmpty() ? null : description;
        }
        if (events != null) {
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a webhook listens to at least one event");
            }
            this.events = events.stream().map(WebhookEvent::wireName).sorted().collect(Collectors.joining(" "));
        }
        if (active != null) {
            this.active = active;
        }
    }

    public void rotate(String secret) {
        this.secret = secret;
    }

    public boolean listensTo(WebhookEvent event) {
        return active && events().contains(event);
    }

    public String id() {
        return id;
    }

    public String organizationId() {
        return organizationId;
    }

    public String url() {
        return url;
    }

    public String description() {
        return description;
    }

    public Set<WebhookEvent> events() {
        Set<WebhookEvent> set = EnumSet.noneOf(WebhookEvent.class);
        Arrays.stream(events.split(" ")).map(WebhookEvent::fromWireName).forEach(e -> e.ifPresent(set::add));
        return Collections.unmodifiableSet(set);
    }

    public String secret() {
        return secret;
    }

    public boolean isActive() {
        return active;
    }

    public Instant createdAt() {
        return instant(createdAt);
    }
}
