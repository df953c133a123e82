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
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes the latest successful use of each key (time and client address, kept by {@link KeyUses})
 * every {@code latchkey.last-used.flush-interval} (default 1 minute: at most one write per key and
 * minute), each key in a short transaction of its own, so that authentication costs no database write. The write never moves the time backwards,
 * so several instances flushing in any order agree (the newest wins).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class KeyUseRecorder {

    private static final Logger LOG = Logger.getLogger(KeyUseRecorder.class.getName());

    @Resource
    TimerService timers;

    @Resource
    SessionContext context;

    @Inject
    KeyStore keys;

    @Inject
    KeyUses uses;

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
        uses.drain((keyId, use) -> self.write(keyId, use.at(), use.ip()), self::writePrevious);
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
