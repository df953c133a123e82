package io.latchkey.notices.boundary;

import io.latchkey.notices.control.Delivery;
import io.latchkey.notices.control.NoticeMail;
import io.latchkey.notices.entity.Threshold;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the expiry scan on a non-persistent timer on every instance: shortly after start-up, then every
 * {@code latchkey.notice.scan-interval}. Scans may overlap (timers on other instances, or a manual
 * run); the outbox keeps every notice exactly-once regardless.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExpiryScan {

    /** How long after expiry a final notice is still sent when scans were missed. */
    public static final int LOOKBACK_DAYS = 30;
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(ExpiryScan.class.getName());

    /** What one scan did. */
    public record Outcome(int claimed, int sent, int failed, int waitingForMailServer) {
    }

    @Resource
    TimerService timers;

    @Inject
    NoticeOutbox outbox;

    @Inject
    NoticeMail mail;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "latchkey.notice.scan-interval", defaultValue = "PT1H")
    Duration interval;

    @Inject
    @ConfigProperty(name = "latchkey.notice.first-scan-delay", defaultValue = "PT15S")
    Duration firstScanDelay;

    @Inject
    @ConfigProperty(name = "latchkey.notice.max-attempts", defaultValue = "8")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "latchkey.notice.retry-backoff", defaultValue = "PT5M")
    Duration backoff;

    private final AtomicBoolean toldNoMailServer = new AtomicBoolean();

    @PostConstruct
    void schedule() {
        long every = Math.max(1000, interval.toMillis());
        timers.createIntervalTimer(Math.max(0, firstScanDelay.toMillis()), every, new TimerConfig("expiry-scan", false));
        LOG.info(() -> "Expiry notices: scanning every " + interval + ", first scan in " + firstScanDelay);
    }

    @Timeout
    void onTimer() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Expiry scan failed; the next scan retries", e);
        }
    }

    public Outcome scan() {
        Instant now = clock.instant();
        int claimed = 0;
        for (NoticeOutbox.Candidate key : outbox.candidates(now.plus(Duration.ofDays(15)), now.minus(Duration.ofDays(LOOKBACK_DAYS)))) {
            Optional<Threshold> due = Threshold.due(key.expiresAt(), key.issuedAt(), now);
            if (due.isPresent() && claim(key, due.get(), now)) {
                claimed++;
            }
        }
        Optional<Session> session = mail.session();
        int sent = 0;
        int failed = 0;
        int waiting = 0;
        for (String noticeId : outbox.ready(now)) {
            Optional<Delivery> delivery = outbox.lease(noticeId, now, LEASE, mail.messageDomain());
            if (delivery.isEmpty()) {
                continue;
            }
            if (session.isEmpty()) {
                outbox.postpone(noticeId);
                waiting++;
                continue;
            }
            try {
                mail.send(session.get(), delivery.get(), now);
                outbox.sent(delivery.get(), now);
                sent++;
            } catch (MessagingException | RuntimeException e) {
                outbox.failed(noticeId, describe(e), now, backoff, maxAttempts);
                failed++;
                LOG.warning(() -> "Expiry notice " + noticeId + " not sent: " + describe(e));
            }
        }
        if (waiting > 0 && toldNoMailServer.compareAndSet(false, true)) {
            LOG.warning("Expiry notices are waiting: no mail server is configured (mail/latchkey, LATCHKEY_SMTP_HOST)."
                    + " They will be sent once one is.");
        } else if (session.isPresent()) {
            toldNoMailServer.set(false);
        }
        return new Outcome(claimed, sent, failed, waiting);
    }

    private boolean claim(NoticeOutbox.Candidate key, Threshold threshold, Instant now) {
        try {
            return outbox.claim(key, threshold, now);
        } catch (EJBException | PersistenceException e) {
            // the claim's transaction failed for another reason; the next scan tries again
            LOG.fine(() -> "Notice for key " + key.keyId() + " claimed elsewhere");
            return false;
        }
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }
}
