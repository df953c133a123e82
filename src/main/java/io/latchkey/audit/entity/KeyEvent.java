package io.latchkey.audit.entity;

import static io.latchkey.platform.UtcColumns.column;
import static io.latchkey.platform.UtcColumns.instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

/** One thing that happened to a key. {@code details} is a small JSON object. */
@Entity
@Table(name = "key_events")
@NamedQuery(name = KeyEvent.OF_KEY, query = "select e from KeyEvent e where e.organizationId = :organization"
        + " and e.keyId = :key order by e.occurredAt desc, e.id desc")
@NamedQuery(name = KeyEvent.COUNT_OF_KEY, query = "select count(e) from KeyEvent e where"
        + " e.organizationId = :organization and e.keyId = :key")
@NamedQuery(name = KeyEvent.ADD_OCCURRENCES, query = "update KeyEvent e set e.occurrences = e.occurrences + :count,"
        + " e.occurredAt = :last, e.userAgent = :userAgent where e.keyId = :key and e.type = :type"
        + " and e.clientIp = :clientIp and e.hourBucket = :hour")
public class KeyEvent {

    public static final String OF_KEY = "KeyEvent.ofKey";
    public static final String COUNT_OF_KEY = "KeyEvent.countOfKey";
    public static final String ADD_OCCURRENCES = "KeyEvent.addOccurrences";

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "organization_id")
    private String organizationId;

    @Column(name = "key_id")
    private String keyId;

    private String type;

    @Column(name = "actor_id")
    private String actorId;

    @Column(name = "occurred_at")
    private LocalDateTime occurredAt;

    @Column(name = "client_ip")
    private String clientIp;

    @Column(name = "user_agent")
    private String userAgent;

    private String details;

    /** How many times this happened: 1, except for aggregated events (see {@link #hourBucket}). */
    private int occurrences = 1;

    /** Set on aggregated events: the hour whose occurrences this row counts. */
    @Column(name = "hour_bucket")
    private LocalDateTime hourBucket;

    protected KeyEvent() {
    }

    /** An aggregated event: {@code occurrences} of {@code type} from one client within one hour. */
    public static KeyEvent aggregated(String organizationId, String keyId, String type, Instant hour, int occurrences,
                                      Instant last, String clientIp, String userAgent) {
        KeyEvent event = new KeyEvent(organizationId, keyId, type, null, last, clientIp, userAgent, null);
        event.occurrences = occurrences;
        event.hourBucket = column(hour);
        return event;
    }

    public KeyEvent(String organizationId, String keyId, String type, String actorId, Instant at, String clientIp,
                    String userAgent, String details) {
        this.id = UUID.randomUUID().toString();
        this.organizationId = organizationId;
        this.keyId = keyId;
        this.type = type;
        this.actorId = actorId;
        this.occurredAt = column(at);
        this.clientIp = cut(clientIp, 45);
        this.userAgent = cut(userAgent, 300);
        this.details = details;
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    public String id() {
        return id;
    }

    public String organizationId() {
        return organizationId;
    }

    public String keyId() {
        return keyId;
    }

    public String type() {
        return type;
    }

    public String actorId() {
        return actorId;
    }

    public Instant occurredAt() {
        return instant(occurredAt);
    }

    public String clientIp() {
        return clientIp;
    }

    public String userAgent() {
        return userAgent;
    }

    public String details() {
        return details;
    }

    public int occurrences() {
        return occurrences;
    }
}
