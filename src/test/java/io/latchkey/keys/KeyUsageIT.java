package io.latchkey.keys;

import static io.latchkey.testsupport.Eventually.poll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /keys/{id}/usage}: successful requests per key and hour, counted in memory and flushed (every second
 * in tests), hours apart kept apart, refusals not counted, older than 30 days gone; only those who may see the
 * key see its usage.
 */
class KeyUsageIT extends DeployedLatchkey {

    private static final String PASSWORD = "key-usage-password-1";

    @AfterEach
    void restore() {
        api.moveClock(Duration.ZERO);
    }

    @Test
    void requestsAreCountedPerHourForThirtyDaysAndShownOnlyToThoseWhoSeeTheKey() {
        String adminEmail = Api.uniqueEmail("usage-admin");
        api.createOrganization("Usage " + adminEmail, adminEmail, PASSWORD);
        Auth admin = Auth.basic(adminEmail, PASSWORD);
        JsonObject key = api.createKey(admin, "{\"description\":\"counted\",\"expires_in_days\":365,"
                + "\"requests_per_minute\":4}");
        String id = key.getString("id");
        Auth counted = Auth.bearer(key.getString("api_key"));
        Instant start = Instant.now();
        for (int i = 0; i < 6; i++) {
            api.get("me", counted); // at most 4 in any one minute; the rest refused, and not counted
        }
        JsonObject first = poll(() -> {
            JsonObject usage = api.get("keys/" + id + "/usage", admin).data();
            return usage.getJsonNumber("total").longValue() >= 4 ? usage : null;
        });
        long allowed = first.getJsonNumber("total").longValue();
        assertTrue(allowed >= 4 && allowed <= 6, "4 per window, the requests may have spanned two: " + first);
        assertEquals(id, first.getString("key_id"));
        JsonArray hours = first.getJsonArray("hours");
        Instant from = Instant.parse(first.getString("from"));
        assertEquals(start.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(720)), from, first.toString());

        api.moveClock(Duration.ofHours(3));
        for (int i = 0; i < 2; i++) {
            assertEquals(200, api.get("me", counted).status());
        }
        JsonObject later = poll(() -> {
            JsonObject usage = api.get("keys/" + id + "/usage", admin).data();
            return usage.getJsonNumber("total").longValue() == allowed + 2 ? usage : null;
        });
        JsonArray laterHours = later.getJsonArray("hours");
        assertEquals(hours.size() + 1, laterHours.size(), "three hours on is another hour: " + later);
        JsonObject last = laterHours.getJsonObject(laterHours.size() - 1);
        assertEquals(2, last.getInt("requests"));
        assertEquals(start.plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS), Instant.parse(last.getString("hour")));

        String otherEmail = Api.uniqueEmail("usage-other");
        api.createOrganization("Usage other " + otherEmail, otherEmail, PASSWORD);
        Reply foreign = api.get("keys/" + id + "/usage", Auth.basic(otherEmail, PASSWORD));
        assertEquals(404, foreign.status(), "another organization's admin: " + foreign);
        String managerEmail = Api.uniqueEmail("usage-manager");
        api.createUser(admin, managerEmail, PASSWORD, "token-manager");
        Reply notTheirs = api.get("keys/" + id + "/usage", Auth.basic(managerEmail, PASSWORD));
        assertEquals(404, notTheirs.status(), "a token manager sees only their own keys: " + notTheirs);
        assertEquals(404, api.get("keys/no-such-key/usage", admin).status());

        api.moveClock(Duration.ofDays(31));
        assertEquals(200, api.get("me", counted).status());
        JsonObject month = poll(() -> {
            JsonObject usage = api.get("keys/" + id + "/usage", admin).data();
            return usage.getJsonNumber("total").longValue() == 1 ? usage : null;
        });
        assertEquals(1, month.getJsonArray("hours").size(), "hours older than 30 days are gone: " + month);
    }
}
