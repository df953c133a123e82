package io.latchkey.audit.boundary;

import io.latchkey.audit.control.AuditLog;
import io.latchkey.audit.control.AuditLog.RejectedUse;
import io.latchkey.audit.control.AuditLog.Tally;
import io.latchkey.audit.control.DeadKeyUse;
import io.latchkey.audit.entity.EventType;
import io.latchkey.platform.Batches;
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
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Counts refused calls with real keys (revoked, expired, or from an address the key does not allow) in memory, per key, client and hour, and writes each group
 * as one aggregated event every {@code latchkey.last-used.flush-interval}, so that a client hammering
 * with a dead key costs no write per request and cannot flood the table. Two instances creating the
 * same group at once: the loser's insert fails on the unique index and it adds to the winner's row.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DeadKeyUses {

    private static final Logger LOG = Logger.getLogger(DeadKeyUses.class.getName());

    private final Map<RejectedUse, Tally> pending = new ConcurrentHashMap<>();

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
        RejectedUse group = new RejectedUse(use.organizationId(), use.keyId(), use.type(), use.clientIp(),
                use.at().truncatedTo(ChronoUnit.HOURS));
        pending.merge(group, new Tally(1, use.at(), use.userAgent()),
                (known, one) -> new Tally(known.count() + 1, one.last(), one.userAgent()));
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
