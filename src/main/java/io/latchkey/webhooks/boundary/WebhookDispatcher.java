package io.latchkey.webhooks.boundary;

import io.latchkey.webhooks.control.CloudEvents;
import io.latchkey.webhooks.control.Signatures;
import io.latchkey.webhooks.control.Targets;
import io.latchkey.metrics.Metrics;
import jakarta.annotation.PostConstruct;
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
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends deliveries: at once after the transaction that wrote them commits (on a managed thread), and on a
 * timer on every instance ({@code latchkey.webhook.poll-interval}) for retries and for rows other instances
 * wrote. Per endpoint strictly in order: only the oldest undelivered delivery is sent, under a lease, so one
 * instance sends it; a failure waits {@code latchkey.webhook.retry-backoff}, doubled per attempt up to an
 * hour, and after {@code latchkey.webhook.max-attempts} the delivery is given up ({@code failed}) and the next
 * goes. A 2xx answer delivers; anything else (redirects are not followed) fails the attempt.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    /** Longer than an attempt can take (connect + answer), so a lease never lapses while its attempt runs. */
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /** How many deliveries of one endpoint one pass sends before the next endpoint's turn. */
    private static final int PER_PASS = 100;
    private static final Duration KEEP = Duration.ofDays(30);

    @Resource
    TimerService timers;

    @Resource
    ManagedExecutorService executor;

    @Inject
    Metrics metrics;

    @Inject
    DeliverySteps steps;

    @Inject
    Targets targets;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "latchkey.webhook.poll-interval", defaultValue = "PT10S")
    Duration interval;

    @Inject
    @ConfigProperty(name = "latchkey.webhook.retry-backoff", defaultValue = "PT30S")
    Duration backoff;

    @Inject
    @ConfigProperty(name = "latchkey.webhook.max-attempts", defaultValue = "12")
    int maxAttempts;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private long passes;

    @PostConstruct
    void schedule() {
        long every = Math.max(1000, interval.toMillis());
        timers.createIntervalTimer(every, every, new TimerConfig("webhook-dispatch", false));
    }

    @Timeout
    void onTimer() {
        dispatch();
        if (passes++ % 360 == 0) {
            try {
                int pruned = steps.prune(clock.instant().minus(KEEP));
                if (pruned > 0) {
                    LOG.fine(() -> "Pruned " + pruned + " webhook deliveries older than " + KEEP.toDays() + " days");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Pruning webhook deliveries failed; the next pass retries", e);
            }
        }
    }

    /** Asks for a pass soon, on a managed thread; a pass already running makes one more. */
    public void kick() {
        executor.execute(this::dispatch);
    }

    /** One pass over every endpoint with waiting deliveries; passes on one instance never overlap. */
    public void dispatch() {
        again.set(true);
        while (again.getAndSet(false)) {
            if (!running.compareAndSet(false, true)) {
                again.set(true);
                return;
            }
            try {
                for (String webhookId : steps.waitingWebhooks()) {
                    drain(webhookId);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Webhook dispatch failed; the next pass retries", e);
            } finally {
                running.set(false);
            }
        }
    }

    private void drain(String webhookId) {
        for (int i = 0; i < PER_PASS; i++) {
            Instant now = clock.instant();
            Optional<DeliverySteps.Attempt> attempt = steps.leaseHead(webhookId, now, LEASE);
            if (attempt.isEmpty() || !send(attempt.get())) {
                return;
            }
        }
    }

    /** One attempt; true if delivered. */
    private boolean send(DeliverySteps.Attempt attempt) {
        Optional<String> refused = targets.refusal(attempt.url());
        if (refused.isPresent()) {
            metrics.webhookAttempt(false);
            steps.failed(attempt.deliveryId(), null, "target not allowed: the url " + refused.get(), clock.instant(), backoff,
                    maxAttempts);
            return false;
        }
        Instant now = clock.instant();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(attempt.url()))
                    .timeout(ANSWER_TIMEOUT)
                    .header("Content-Type", CloudEvents.MEDIA_TYPE + "; charset=utf-8")
                    .header("User-Agent", "Latchkey-Webhooks/1")
                    .header(Signatures.HEADER, Signatures.header(attempt.secret(), now.getEpochSecond(), attempt.payload()))
                    .header("Latchkey-Event-Id", attempt.eventId())
                    .header("Latchkey-Attempt", Integer.toString(attempt.attempt()))
                    .POST(HttpRequest.BodyPublishers.ofString(attempt.payload()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                steps.delivered(attempt.deliveryId(), status, clock.instant());
                metrics.webhookAttempt(true);
                return true;
            }
            metrics.webhookAttempt(false);
            steps.failed(attempt.deliveryId(), status, "HTTP " + status, clock.instant(), backoff, maxAttempts);
        } catch (IOException | IllegalArgumentException e) {
            metrics.webhookAttempt(false);
            steps.failed(attempt.deliveryId(), null, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), clock.instant(), backoff, maxAttempts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
