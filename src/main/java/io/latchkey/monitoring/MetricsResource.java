package io.latchkey.monitoring;

import io.latchkey.grid.Members;
import io.latchkey.keys.control.KeyCache;
import io.latchkey.metrics.Metrics;
import io.latchkey.metrics.Metrics.CheckOutcome;
import io.latchkey.metrics.Metrics.CheckPath;
import io.latchkey.metrics.Metrics.MailKind;
import io.latchkey.metrics.Metrics.Throttle;
import io.latchkey.notices.entity.NoticeState;
import io.latchkey.webhooks.entity.DeliveryState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/metrics}: this instance's metrics in Prometheus' text format, for the installation's operator
 * (the figures are of every organization, so no organization's admin reads them). Prometheus scrapes every
 * instance with an operator's read-only key ({@code authorization: {type: Bearer, credentials_file: ...}}).
 * Counters are this instance's since it started; the pending outbox gauges are the database's, the same on every
 * instance.
 */
@Tag(name = "Operations")
@SecurityRequirementsSet(@SecurityRequirement(name = "bearer"))
@SecurityRequirementsSet(@SecurityRequirement(name = "apiKey"))
@SecurityRequirementsSet(@SecurityRequirement(name = "basic"))
@Path("metrics")
@RequestScoped
@RolesAllowed("operator")
public class MetricsResource {

    private static final List<NoticeState> OPEN_MAIL = List.of(NoticeState.PENDING, NoticeState.SENDING);
    private static final List<DeliveryState> OPEN_DELIVERY = List.of(DeliveryState.PENDING, DeliveryState.SENDING);

    @Inject
    Metrics metrics;

    @Inject
    KeyCache cache;

    @Inject
    Members members;

    @PersistenceContext(unitName = "latchkey")
    EntityManager em;

    @GET
    @Produces(PrometheusText.MEDIA_TYPE)
    @Operation(operationId = "metrics", summary = "This instance's metrics, Prometheus text format (operator only)")
    @APIResponse(responseCode = "200", description = "The metrics", content = @Content(mediaType = "text/plain"))
    public Response metrics() {
        PrometheusText text = new PrometheusText();
        text.family("latchkey_key_checks_total", "counter", "Keys checked, by where and how the check ended");
        for (CheckPath path : CheckPath.values()) {
            for (CheckOutcome outcome : CheckOutcome.values()) {
                text.sample("latchkey_key_checks_total", metrics.checks(path, outcome),
                        "path", PrometheusText.label(path), "outcome", PrometheusText.label(outcome));
            }
        }
        text.family("latchkey_key_check_seconds", "histogram", "How long checking a presented key took");
        for (CheckPath path : CheckPath.values()) {
            long[] buckets = metrics.latency(path);
            long cumulative = 0;
            for (int i = 0; i < Metrics.BUCKETS.length; i++) {
                cumulative += buckets[i];
                text.sample("latchkey_key_check_seconds_bucket", cumulative, "path", PrometheusText.label(path),
                        "le", Double.toString(Metrics.BUCKETS[i]));
            }
            cumulative += buckets[Metrics.BUCKETS.length];
            text.sample("latchkey_key_check_seconds_bucket", cumulative, "path", PrometheusText.label(path), "le", "+Inf");
            text.sample("latchkey_key_check_seconds_sum", buckets[Metrics.BUCKETS.length + 1] / 1e9,
                    "path", PrometheusText.label(path));
            text.sample("latchkey_key_check_seconds_count", cumulative, "path", PrometheusText.label(path));
        }
        KeyCache.Stats stats = cache.stats();
        text.family("latchkey_key_cache_lookups_total", "counter",
                "Key lookups: answered from memory (hit), read from the database on a miss, or read without a lease")
                .sample("latchkey_key_cache_lookups_total", stats.hits(), "result", "hit")
                .sample("latchkey_key_cache_lookups_total", stats.misses(), "result", "miss")
                .sample("latchkey_key_cache_lookups_total", stats.withoutLease(), "result", "without_lease");
        text.family("latchkey_key_cache_entries", "gauge", "Keys held in memory")
                .sample("latchkey_key_cache_entries", stats.entries());
        text.family("latchkey_key_cache_in_use", "gauge", "1 while this instance answers key checks from memory (holds its lease)")
                .sample("latchkey_key_cache_in_use", members.usingMemory() ? 1 : 0);
        text.family("latchkey_throttled_requests_total", "counter", "Requests refused with 429, by why");
        for (Throttle why : Throttle.values()) {
            text.sample("latchkey_throttled_requests_total", metrics.throttledCount(why), "reason", PrometheusText.label(why));
        }
        text.family("latchkey_mails_total", "counter", "Outbox mail this instance sent or failed to send (a failure is retried)");
        for (MailKind kind : MailKind.values()) {
            text.sample("latchkey_mails_total", metrics.mails(kind, true), "kind", PrometheusText.label(kind), "result", "sent");
            text.sample("latchkey_mails_total", metrics.mails(kind, false), "kind", PrometheusText.label(kind), "result", "failed");
        }
        text.family("latchkey_mails_pending", "gauge", "Outbox mail not sent yet, in the database")
                .sample("latchkey_mails_pending", open("ExpiryNotice"), "kind", "notice")
                .sample("latchkey_mails_pending", open("NoticeEscalation"), "kind", "escalation")
                .sample("latchkey_mails_pending", open("ExpiryDigest"), "kind", "digest");
        text.family("latchkey_webhook_attempts_total", "counter", "Webhook deliveries this instance attempted, by result")
                .sample("latchkey_webhook_attempts_total", metrics.webhookAttempts(true), "result", "delivered")
                .sample("latchkey_webhook_attempts_total", metrics.webhookAttempts(false), "result", "failed");
        text.family("latchkey_webhook_deliveries_pending", "gauge", "Webhook deliveries not delivered yet, in the database")
                .sample("latchkey_webhook_deliveries_pending", em.createQuery("select count(d) from WebhookDelivery d"
                        + " where d.state in :open", Long.class).setParameter("open", OPEN_DELIVERY).getSingleResult());
        text.family("latchkey_webhook_deliveries_failed", "gauge", "Webhook deliveries given up on, in the database")
                .sample("latchkey_webhook_deliveries_failed", em.createQuery("select count(d) from WebhookDelivery d"
                        + " where d.state = :failed", Long.class).setParameter("failed", DeliveryState.FAILED).getSingleResult());
        text.family("latchkey_grid_members", "gauge", "Members of the data grid this instance sees, itself included")
                .sample("latchkey_grid_members", members.gridMembers());
        text.family("latchkey_fenced_instances_total", "counter", "Instances this one fenced (deregistered) for not acknowledging a change")
                .sample("latchkey_fenced_instances_total", members.fencedInstances());
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(text.toString(), PrometheusText.MEDIA_TYPE).cacheControl(noStore).build();
    }

    private long open(String entity) {
        return em.createQuery("select count(m) from " + entity + " m where m.state in :open", Long.class)
                .setParameter("open", OPEN_MAIL).getSingleResult();
    }
}
