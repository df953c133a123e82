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

    /** For user events: the user the event is about. */
    @Column(name = "user_id")
    private String userId;

    /** How the actor authenticated: {@code password}, {@code session} or {@code api_key}. */
    @Column(name = "auth_method")
    private String authMethod;

    /** The key the actor used, when {@code authMethod} is {@code api_key}. */
    @Column(name = "via_key_id")
    private String viaKeyId;

    /** How many times this happened: 1, except for aggregated events (see {@link #hourBucket}). */
    private int occurrences = 1;

    /** Set on aggregated events: the hour whose occurrences this row counts. */
    @Column(name = "hour_bucket")
    private LocalDateTime hourBucket;

    protected KeyEvent() {
    }

    /** An aggregated event: {@code occurrences} of {@code type} from one client within one hour. */
    public static KeyEvent aggregated(String organizationId, String keyId, EventType type, Instant hour, int occurrences,
                                      Instant last, String clientIp, String userAgent) {
        KeyEvent event = new KeyEvent(organizationId, keyId, null, type, new Actor(null, clientIp, userAgent, null, null),
                last, null);
        event.occurrences = occurrences;
        event.hourBucket = column(hour);
        return event;
    }

    public KeyEvent(String organizationId, String keyId, String userId, EventType type, Actor actor, Instant at,
                    String details) {
        this.id = UUID.randomUUID().toString();
        this.organizationId = organizationId;
        this.keyId = keyId;
        this.userId = userId;
        this.type = type.wireName();
        this.actorId = actor.userId();
        this.authMethod = actor.authMethod();
        this.viaKeyId = actor.viaKeyId();
        this.occurredAt = column(at);
        this.clientIp = cut(actor.clientIp(), 45);
        this.userAgent = cut(actor.userAgent(), 300);
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

    public String userId() {
        return userId;
    }

    public String authMethod() {
        return authMethod;
    }

    public String viaKeyId() {
        return viaKeyId;
    }

    public String details() {
        return details;
    }

    public int occurrences() {
        return occurrences;
    }
}
