package io.latchkey.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/metrics} scraped as Prometheus would, with the operator's read-only key: well-formed text
 * format, counters that move with what the test does (key checks by path and outcome, the check's latency
 * histogram, throttled requests, cache lookups), nothing of a key or a person in it, and no one but the operator
 * reads it.
 */
class MetricsIT extends DeployedLatchkey {

    private static final String PASSWORD = "metrics-password-1";
    private static final Pattern SAMPLE = Pattern.compile("([a-z_]+)(\\{[^}]*})? (-?[0-9.eE+-]+|NaN|\\+Inf)");

    private Map<String, Double> scrape(Auth operator) {
        Reply reply = api.get("metrics", operator);
        assertEquals(200, reply.status(), reply.toString());
        String type = reply.header("Content-Type").replace(" ", "");
        assertTrue(type.startsWith("text/plain;") && type.contains("version=0.0.4"), type);
        Map<String, Double> samples = new HashMap<>();
        for (String line : reply.body().split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a Prometheus sample: " + line);
            samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)), Double.parseDouble(sample.group(3)));
        }
        return samples;
    }

    private static double moved(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertTrue(after.containsKey(sample), "no sample " + sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }

    @Test
    void countersMoveWithKeyChecksAndTheTextHoldsNothingOfAKeyOrAPerson() {
        Auth operator = Auth.bearer(api.createKey(Auth.admin(), "{\"description\":\"prometheus\",\"access\":\"read_only\"}")
                .getString("api_key"));
        String adminEmail = Api.uniqueEmail("metrics-admin");
        api.createOrganization("Metrics " + adminEmail, adminEmail, PASSWORD);
        Auth admin = Auth.basic(adminEmail, PASSWORD);
        JsonObject revoked = api.createKey(admin, "{\"description\":\"gone\"}");
        assertEquals(200, api.delete("keys/" + revoked.getString("id"), admin).status());
        JsonObject good = api.createKey(admin, "{\"description\":\"good\",\"requests_per_minute\":1}");
        String client = Api.freshAddress();

        Map<String, Double> before = scrape(operator);
        assertEquals(401, api.getWithHeaders("me", "Authorization", "Bearer " + revoked.getString("api_key"),
                "X-Forwarded-For", client).status());
        assertEquals(200, api.getWithHeaders("auth/forward", "Authorization", "Bearer " + good.getString("api_key"),
                "X-Forwarded-Method", "GET").status());
        assertEquals(429, api.get("me", Auth.bearer(good.getString("api_key"))).status(), "over its limit of 1");
        Reply scoped = api.post("keys/verify", admin, "{\"key\":\"" + revoked.getString("api_key") + "\"}");
        assertFalse(scoped.data().getBoolean("valid"));
        Map<String, Double> after = scrape(operator);

        assertEquals(1.0, moved(before, after, "latchkey_key_checks_total{path=\"api\",outcome=\"revoked\"}"));
        assertEquals(1.0, moved(before, after, "latchkey_key_checks_total{path=\"forward_auth\",outcome=\"valid\"}"));
        assertEquals(1.0, moved(before, after, "latchkey_key_checks_total{path=\"api\",outcome=\"rate_limited\"}"));
        assertEquals(1.0, moved(before, after, "latchkey_key_checks_total{path=\"verify\",outcome=\"revoked\"}"));
        assertEquals(1.0, moved(before, after, "latchkey_throttled_requests_total{reason=\"rate_limit\"}"));
        assertTrue(moved(before, after, "latchkey_key_check_seconds_count{path=\"api\"}") >= 3, "the checks were timed");
        assertEquals(after.get("latchkey_key_check_seconds_count{path=\"api\"}"),
                after.get("latchkey_key_check_seconds_bucket{path=\"api\",le=\"+Inf\"}"));
        assertTrue(after.get("latchkey_key_check_seconds_bucket{path=\"api\",le=\"0.001\"}")
                <= after.get("latchkey_key_check_seconds_bucket{path=\"api\",le=\"0.01\"}"), "buckets add up");
        assertTrue(after.get("latchkey_key_check_seconds_sum{path=\"api\"}") > 0);
        double lookups = moved(before, after, "latchkey_key_cache_lookups_total{result=\"hit\"}")
                + moved(before, after, "latchkey_key_cache_lookups_total{result=\"miss\"}")
                + moved(before, after, "latchkey_key_cache_lookups_total{result=\"without_lease\"}");
        assertTrue(lookups >= 4, "every check looked its key up: " + lookups);
        assertTrue(after.get("latchkey_grid_members") >= 1);
        assertTrue(after.containsKey("latchkey_mails_pending{kind=\"notice\"}"));
        assertTrue(after.containsKey("latchkey_webhook_deliveries_pending"));

        String text = api.get("metrics", operator).body();
        for (String secret : new String[] {good.getString("api_key"), good.getString("id"), adminEmail, client, "lk_"}) {
            assertFalse(text.contains(secret), "the metrics name no key, person or address");
        }
    }

    @Test
    void onlyTheOperatorReadsTheMetrics() {
        String adminEmail = Api.uniqueEmail("metrics-other");
        api.createOrganization("Metrics other " + adminEmail, adminEmail, PASSWORD);
        Reply admin = api.get("metrics", Auth.basic(adminEmail, PASSWORD));
        assertEquals(403, admin.status(), "an organization's admin sees no installation-wide figures: " + admin);
        assertEquals(401, api.get("metrics", Auth.NONE).status());
        assertEquals(200, api.get("metrics", Auth.admin()).status());
    }
}
