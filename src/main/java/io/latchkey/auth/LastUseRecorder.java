package io.latchkey.auth;

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
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Remembers the latest use of each key in memory and writes it every
 * {@code latchkey.last-used.flush-interval} (default 30 s): {@code last_used_at} lags by at most that,
 * and authentication costs no database write. The write never moves the time backwards, so several
 * instances flushing in any order agree.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LastUseRecorder {

    private static final Logger LOG = Logger.getLogger(LastUseRecorder.class.getName());

    private final Map<String, Instant> pending = new ConcurrentHashMap<>();

    @Resource
    TimerService timers;

    @Inject
    KeyStore keys;

    @Inject
    @ConfigProperty(name = "latchkey.last-used.flush-interval", defaultValue = "PT30S")
    Duration interval;

    @PostConstruct
    void schedule() {
        long millis = Math.max(1000, interval.toMillis());
        timers.createIntervalTimer(millis, millis, new TimerConfig("last-used-flush", false));
    }

    public void record(String keyId, Instant at) {
        pending.merge(keyId, at, (known, latest) -> latest.isAfter(known) ? latest : known);
    }

    @Timeout
    void flush() {
        for (String keyId : pending.keySet()) {
            Instant at = pending.remove(keyId);
            if (at != null) {
                keys.recordUse(keyId, at);
            }
        }
    }

    @PreDestroy
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void flushOnShutdown() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record the latest key uses at shutdown", e);
        }
    }
}
