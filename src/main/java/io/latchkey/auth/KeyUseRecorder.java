package io.latchkey.auth;

import io.latchkey.audit.boundary.AuditWriter;
import io.latchkey.audit.control.AuditLog.RejectedUse;
import io.latchkey.audit.control.AuditLog.Tally;
import io.latchkey.keys.control.KeyStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Remembers key use in memory and writes it every {@code latchkey.last-used.flush-interval}
 * (default 30 s), so that authentication costs no database write:
 * <ul>
 *   <li>the latest successful use of each key and the client address it came from
 *       ({@code last_used_at}, {@code last_used_ip}); the write never moves the time backwards, so
 *       several instances flushing in any order agree (the newest wins);</li>
 *   <li>calls with a revoked or expired key, counted per key, client and hour, and written as one
 *       audit event per group, so that an admin sees which integration still calls with a dead key.</li>
 * </ul>
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class KeyUseRecorder {

    private static final Logger LOG = Logger.getLogger(KeyUseRecorder.class.getName());

    private record Use(Instant at, String ip) {
    }

    private final Map<String, Use> uses = new ConcurrentHashMap<>();
    private final Map<RejectedUse, Tally> rejected = new ConcurrentHashMap<>();

    @Resource
    TimerService timers;

    @Inject
    KeyStore keys;

    @Inject
    AuditWriter audit;

    @Inject
    @ConfigProperty(name = "latchkey.last-used.flush-interval", defaultValue = "PT30S")
    Duration interval;

    @PostConstruct
    void schedule() {
        long millis = Math.max(1000, interval.toMillis());
        timers.createIntervalTimer(millis, millis, new TimerConfig("key-use-flush", false));
    }

    public void record(String keyId, Instant at, String ip) {
        uses.merge(keyId, new Use(at, ip), (known, latest) -> latest.at().isAfter(known.at()) ? latest : known);
    }

    public void recordRejected(String organizationId, String keyId, String type, String clientIp, String userAgent,
                               Instant at) {
        RejectedUse group = new RejectedUse(organizationId, keyId, type, clientIp, at.truncatedTo(ChronoUnit.HOURS));
        rejected.merge(group, new Tally(1, at, userAgent),
                (known, one) -> new Tally(known.count() + 1, one.last(), one.userAgent()));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void flush() {
        for (String keyId : uses.keySet()) {
            Use use = uses.remove(keyId);
            if (use != null) {
                audit.recordUse(keyId, use.at(), use.ip());
            }
        }
        for (RejectedUse group : rejected.keySet()) {
            Tally tally = rejected.remove(group);
            if (tally != null) {
                audit.addRejectedUses(group, tally);
            }
        }
    }

    @PreDestroy
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void flushOnShutdown() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the latest key uses at shutdown", e);
        }
    }
}
