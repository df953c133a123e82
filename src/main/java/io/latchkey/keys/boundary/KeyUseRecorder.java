package io.latchkey.keys.boundary;

import io.latchkey.keys.control.KeyStore;
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
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes the latest successful use of each key (time and client address, kept by {@link KeyUses})
 * every {@code latchkey.last-used.flush-interval} (default 1 minute: at most one write per key and
 * minute), each key in a short transaction of its own, so that authentication costs no database write. The write never moves the time backwards,
 * so several instances flushing in any order agree (the newest wins). With it go the requests per key and hour
 * ({@code key_usage}, added to, so instances add up), kept 30 days: the first flush of each hour deletes older hours.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class KeyUseRecorder {

    private static final Logger LOG = Logger.getLogger(KeyUseRecorder.class.getName());
    /** How long the requests per hour are kept: 30 days, and the hour going on. */
    static final long USAGE_KEPT_HOURS = 30 * 24;

    @Resource
    TimerService timers;

    @Resource
    SessionContext context;

    @Inject
    KeyStore keys;

    @Inject
    KeyUses uses;

    @Inject
    Clock clock;

    /** The hour (since the epoch) whose start last pruned the usage older than {@link #USAGE_KEPT_HOURS}. */
    private volatile long prunedInHour = Long.MIN_VALUE;

    @Inject
    @ConfigProperty(name = "latchkey.last-used.flush-interval", defaultValue = "PT1M")
    Duration interval;

    @PostConstruct
    void schedule() {
        Batches.every(timers, interval, "key-use-flush");
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
        KeyUseRecorder self = context.getBusinessObject(KeyUseRecorder.class);
        uses.drain((keyId, use) -> self.write(keyId, use.at(), use.ip()), self::writePrevious,
                (hour, requests) -> writeHourly(self, hour, requests));
        long hour = KeyUses.Hour.of(clock.instant());
        if (hour != prunedInHour) {
            prunedInHour = hour;
            self.prune(KeyUses.Hour.start(hour - USAGE_KEPT_HOURS));
        }
    }

    /** Adds to the hour's row, or makes it; when another instance made it meanwhile, adds to that one. */
    private static void writeHourly(KeyUseRecorder self, KeyUses.Hour hour, long requests) {
        Instant start = hour.start();
        if (self.addUsage(hour.keyId(), start, requests)) {
            return;
        }
        try {
            self.insertUsage(hour.keyId(), start, requests);
        } catch (RuntimeException insertedMeanwhile) {
            if (!self.addUsage(hour.keyId(), start, requests)) {
                LOG.warning(() -> "Could not record " + requests + " requests of key " + hour.keyId() + " at " + start);
            }
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean addUsage(String keyId, Instant hour, long requests) {
        return keys.addUsage(keyId, hour, requests);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void insertUsage(String keyId, Instant hour, long requests) {
        keys.insertUsage(keyId, hour, requests);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void prune(Instant before) {
        keys.pruneUsage(before);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void write(String keyId, Instant at, String ip) {
        keys.recordUse(keyId, at, ip);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void writePrevious(String keyId, Instant at) {
        keys.recordPreviousSecretUse(keyId, at);
    }

    @PreDestroy
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void flushOnShutdown() {
        Batches.atShutdown(this::flush, LOG, "key uses");
        stopped = true;
    }
}
