package io.latchkey.audit.boundary;

import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.control.AuditLog.RejectedUse;
import io.latchkey.audit.control.AuditLog.Tally;
import io.latchkey.audit.control.DeadKeyUse;
import io.latchkey.audit.entity.EventType;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.platform.Batches;
import io.latchkey.platform.ClientBuckets;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts refused calls with real keys (revoked, expired, or from an address the key does not allow) in memory, per key, client and hour, and writes each group
 * as one aggregated event every {@code latchkey.last-used.flush-interval}, so that a client hammering
 * with a dead key costs no write per request and cannot flood the table. Two instances creating the
 * same group at once: the loser's insert fails on the unique index and it adds to the winner's row.
 * Clients are counted as the throttle counts them ({@link ClientBuckets}: an IPv6 client by its /64), and a key
 * gets at most {@value #CLIENTS_PER_KEY_AND_HOUR} clients' rows an hour on each instance: uses from further
 * clients add to one row whose {@code client_ip} is {@value #OTHER_CLIENTS}, so a flood from many addresses
 * grows neither the table nor this batch beyond that, and every use is still counted.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DeadKeyUses {

    private static final Logger LOG = Logger.getLogger(DeadKeyUses.class.getName());

    static final int CLIENTS_PER_KEY_AND_HOUR = 100;
    static final String OTHER_CLIENTS = "other";

    private final Map<RejectedUse, Tally> pending = new ConcurrentHashMap<>();

    /** The clients each key's rows of the hour name, per key and hour; bounded, and gone after the hour. */
    private final Cache<String, Set<String>> clientsOfKeyAndHour = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(61)).build();

    @Resource
    TimerService timers;

    @Resource
    SessionContext context;

    @Inject
    AuditLog audit;

    @Inject
    @ConfigProperty(name = "latchkey.last-used.flush-interval", defaultValue = "PT1M")
    Duration interval;

    @PostConstruct
    void schedule() {
        Batches.every(timers, interval, "dead-key-use-flush");
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void count(@Observes DeadKeyUse use) {
        Instant hour = use.at().truncatedTo(ChronoUnit.HOURS);
        RejectedUse group = new RejectedUse(use.organizationId(), use.keyId(), use.type(),
                clientOfRow(use.keyId() + "|" + hour, ClientBuckets.of(use.clientIp())), hour);
        pending.merge(group, new Tally(1, use.at(), use.userAgent()),
                (known, one) -> new Tally(known.count() + 1, one.last(), one.userAgent()));
    }

    /** The client a use is counted under: itself while the key's hour has room for it, else the others' row. */
    private String clientOfRow(String keyAndHour, String client) {
        if (client == null) {
            return null;
        }
        Set<String> clients = clientsOfKeyAndHour.get(keyAndHour, k -> ConcurrentHashMap.newKeySet());
        if (clients.contains(client)) {
            return client;
        }
        synchronized (clients) {
            if (clients.size() < CLIENTS_PER_KEY_AND_HOUR) {
                clients.add(client);
                return client;
            }
        }
        return OTHER_CLIENTS;
    }

    /**
     * Set once the last flush at shutdown has run: a timer that was firing as the application stopped finds
     * the bean stopped and leaves it alone (some servers run it after the bean's business methods are gone).
     */
    private volatile boolean stopped;

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void flush() {
        if (stopped) {
            return;
        }
        DeadKeyUses self = context.getBusinessObject(DeadKeyUses.class);
        Batches.drain(pending, (group, tally) -> {
            try {
                self.add(group, tally);
            } catch (RuntimeException lostRace) {
                self.addToExisting(group, tally);
            }
        });
    }

    /** Adds to the group's event, creating it on the group's first flush. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void add(RejectedUse group, Tally tally) {
        if (!audit.addOccurrences(group, tally)) {
            try {
                audit.recordRejectedUses(group, tally);
            } catch (PersistenceException e) {
                context.setRollbackOnly();
                throw e;
            }
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void addToExisting(RejectedUse group, Tally tally) {
        audit.addOccurrences(group, tally);
    }

    @PreDestroy
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void flushOnShutdown() {
        Batches.atShutdown(this::flush, LOG, "uses of dead keys");
        stopped = true;
    }
}
