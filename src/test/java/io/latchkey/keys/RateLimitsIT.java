package io.latchkey.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.DeployedLatchkey;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-key rate limits on one instance: the API, forward-auth and verify count the same window and answer 429
 * {@code rate_limited} with {@code Retry-After} and the {@code RateLimit-*} headers past it; introspection says
 * inactive; the next minute lets the key through again; the organization's default applies to keys without a
 * limit of their own and its change applies at once; only admins go above the default, and a key never makes a
 * key with a higher limit than its own. Each test starts the server clock at the start of a minute, so that its
 * requests fall in one window; each has an organization of its own.
 */
class RateLimitsIT extends DeployedLatchkey {

    private static final String PASSWORD = "rate-limits-password-1";

    String adminEmail;
    Auth admin;

    @BeforeEach
    void organization() {
        adminEmail = Api.uniqueEmail("rate-admin");
        api.createOrganization("Rate limits " + adminEmail, adminEmail, PASSWORD);
        admin = Auth.basic(adminEmail, PASSWORD);
        startOfAMinute(Duration.ZERO);
    }

    @AfterEach
    void restore() {
        api.moveClock(Duration.ZERO);
    }

    /** Moves the server clock by about {@code beyond}, to one second past the start of a minute. */
    private void startOfAMinute(Duration beyond) {
        Instant now = Instant.now().plus(beyond);
        long toNextMinute = 60 - now.getEpochSecond() % 60;
        api.moveClock(beyond.plusSeconds(toNextMinute + 1).minusNanos(now.getNano()));
    }

    @Test
    void badLimitsAreRefusedAndChangeNothing() {
        for (String bad : List.of("-1", "1000001", "\"many\"", "2.5")) {
            Reply created = api.post("keys", admin, "{\"description\":\"bad\",\"requests_per_minute\":" + bad + "}");
            assertEquals(400, created.status(), bad + ": " + created);
            assertTrue(created.body().contains("requests_per_minute"), created.toString());
            Reply policy = api.patch("organization", admin, "{\"default_requests_per_minute\":" + bad + "}");
            assertEquals(400, policy.status(), bad + ": " + policy);
        }
        assertEquals(0, api.get("keys", admin).json().getJsonArray("data").size(), "no key was made");
        assertEquals(0, api.get("organization", admin).data().getInt("default_requests_per_minute"));
        JsonObject key = api.createKey(admin, "{\"description\":\"unlimited\",\"access\":\"read_write\"}");
        Reply edit = api.patch("keys/" + key.getString("id"), admin, "{\"requests_per_minute\":-5}");
        assertEquals(400, edit.status(), edit.toString());
        JsonObject stored = api.get("keys/" + key.getString("id"), admin).data();
        assertTrue(Api.isNull(stored, "requests_per_minute"), stored.toString());
        assertEquals(0, stored.getInt("effective_requests_per_minute"));
        Reply plain = api.get("me", Auth.bearer(key.getString("api_key")));
        assertEquals(200, plain.status());
        assertNull(plain.header("RateLimit-Limit"), "a key without a limit has no RateLimit headers");
    }

    @Test
    void theApiForwardAuthAndVerifyShareAWindowAndAnswer429UntilItEnds() {
        JsonObject key = api.createKey(admin, "{\"description\":\"limited\",\"requests_per_minute\":5}");
        assertEquals(5, key.getInt("requests_per_minute"));
        Auth limited = Auth.bearer(key.getString("api_key"));
        for (int i = 0; i < 3; i++) {
            Reply reply = api.get("me", limited);
            assertEquals(200, reply.status(), reply.toString());
            assertEquals("5", reply.header("RateLimit-Limit"));
            assertEquals(Integer.toString(4 - i), reply.header("RateLimit-Remaining"));
            long reset = Long.parseLong(reply.header("RateLimit-Reset"));
            assertTrue(reset >= 1 && reset <= 60, reply.header("RateLimit-Reset"));
            assertEquals("5;w=60", reply.header("RateLimit-Policy"));
        }
        Reply forwarded = api.getWithHeaders("auth/forward", "Authorization", "Bearer " + key.getString("api_key"),
                "X-Forwarded-Method", "GET");
        assertEquals(200, forwarded.status(), forwarded.toString());
        assertEquals("1", forwarded.header("RateLimit-Remaining"));
        Reply verified = api.post("keys/verify", admin, "{\"key\":\"" + key.getString("api_key") + "\"}");
        assertEquals(200, verified.status(), verified.toString());
        assertTrue(verified.data().getBoolean("valid"));
        assertEquals("0", verified.header("RateLimit-Remaining"));

        for (Reply over : List.of(api.get("me", limited),
                api.getWithHeaders("auth/forward", "Authorization", "Bearer " + key.getString("api_key"),
                        "X-Forwarded-Method", "GET"),
                api.post("keys/verify", admin, "{\"key\":\"" + key.getString("api_key") + "\"}"))) {
            assertEquals(429, over.status(), over.toString());
            assertEquals("rate_limited", over.code());
            long retry = Long.parseLong(over.header("Retry-After"));
            assertTrue(retry >= 1 && retry <= 60, over.header("Retry-After"));
            assertEquals("0", over.header("RateLimit-Remaining"));
            assertEquals("5", over.header("RateLimit-Limit"));
        }
        Reply introspected = api.send("POST", "introspect", admin, "token=" + key.getString("api_key"),
                "application/x-www-form-urlencoded");
        assertEquals(200, introspected.status(), introspected.toString());
        assertFalse(introspected.json().getBoolean("active"), "a key over its limit is inactive");

        for (int i = 0; i < 60; i++) {
            assertEquals(429, api.get("me", limited).status());
        }
        assertEquals(200, api.get("me", admin).status(), "refusals over a limit feed no failed-authentication throttle");
        JsonObject other = api.createKey(admin, "{\"description\":\"other\"}");
        assertEquals(200, api.get("me", Auth.bearer(other.getString("api_key"))).status(), "each key has its own count");

        startOfAMinute(Duration.ofMinutes(1));
        Reply nextMinute = api.get("me", limited);
        assertEquals(200, nextMinute.status(), "a new minute, a new window: " + nextMinute);
        assertEquals("4", nextMinute.header("RateLimit-Remaining"));
    }

    @Test
    void theOrganizationsDefaultAppliesAtOnceAndOnlyAdminsGoAboveIt() {
        String managerEmail = Api.uniqueEmail("rate-manager");
        api.createUser(admin, managerEmail, PASSWORD, "token-manager");
        Auth manager = Auth.basic(managerEmail, PASSWORD);
        JsonObject plain = api.createKey(manager, "{\"description\":\"plain\",\"access\":\"read_write\"}");
        Auth plainKey = Auth.bearer(plain.getString("api_key"));
        assertEquals(200, api.get("me", plainKey).status());

        Reply set = api.patch("organization", admin, "{\"default_requests_per_minute\":3}");
        assertEquals(200, set.status(), set.toString());
        assertEquals(3, set.data().getInt("default_requests_per_minute"));
        JsonObject changed = api.get("audit?type=policy_changed", admin).json().getJsonArray("data").getJsonObject(0);
        assertEquals(3, changed.getJsonObject("details").getJsonObject("default_requests_per_minute").getInt("after"));
        JsonObject seen = api.get("keys/" + plain.getString("id"), admin).data();
        assertTrue(Api.isNull(seen, "requests_per_minute"), seen.toString());
        assertEquals(3, seen.getInt("effective_requests_per_minute"));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.get("me", plainKey).status(), "request " + i + " within the new default");
        }
        assertEquals(429, api.get("me", plainKey).status(), "the default applies to the key at once");

        Reply above = api.post("keys", manager, "{\"description\":\"greedy\",\"requests_per_minute\":10}");
        assertEquals(403, above.status(), above.toString());
        assertEquals("rate_limit_above_default", above.code());
        Reply raise = api.patch("keys/" + plain.getString("id"), manager, "{\"requests_per_minute\":10}");
        assertEquals(403, raise.status(), raise.toString());
        assertEquals(2, api.createKey(manager, "{\"description\":\"modest\",\"requests_per_minute\":2}")
                .getInt("requests_per_minute"));
        Reply byAdmin = api.patch("keys/" + plain.getString("id"), admin, "{\"requests_per_minute\":10}");
        assertEquals(200, byAdmin.status(), byAdmin.toString());
        assertEquals(10, byAdmin.data().getInt("effective_requests_per_minute"));
        assertEquals(200, api.get("me", plainKey).status(), "its own, higher limit applies at once");
        JsonObject edited = api.get("audit?type=edited&key_id=" + plain.getString("id"), admin).json()
                .getJsonArray("data").getJsonObject(0);
        assertEquals(10, edited.getJsonObject("details").getJsonObject("requests_per_minute").getInt("after"));

        Reply back = api.patch("keys/" + plain.getString("id"), admin, "{\"requests_per_minute\":0}");
        assertEquals(200, back.status(), back.toString());
        assertEquals(JsonValue.NULL, back.data().get("requests_per_minute"), "0 gives the key back to the default");
        assertEquals(429, api.get("me", plainKey).status(), "back under the default, whose window is spent");
        assertEquals(200, api.patch("organization", admin, "{\"default_requests_per_minute\":0}").status());
        Reply free = api.get("me", plainKey);
        assertEquals(200, free.status(), "no default any more: " + free);
        assertNull(free.header("RateLimit-Limit"));
    }

    @Test
    void aKeyNeverMakesAKeyWithAHigherLimitThanItsOwn() {
        JsonObject parent = api.createKey(admin, "{\"description\":\"parent\",\"access\":\"read_write\","
                + "\"requests_per_minute\":50}");
        Auth byParent = Auth.bearer(parent.getString("api_key"));
        JsonObject child = api.createKey(byParent, "{\"description\":\"child\"}");
        assertEquals(50, child.getInt("requests_per_minute"), "a key made by a limited key takes its limit");
        Reply higher = api.post("keys", byParent, "{\"description\":\"higher\",\"requests_per_minute\":51}");
        assertEquals(400, higher.status(), higher.toString());
        assertEquals("rate_limit_beyond_calling_key", higher.code());
        Reply lifted = api.patch("keys/" + child.getString("id"), byParent, "{\"requests_per_minute\":0}");
        assertEquals(400, lifted.status(), "back to no limit would be above the calling key's: " + lifted);
        assertEquals(20, api.patch("keys/" + child.getString("id"), byParent, "{\"requests_per_minute\":20}").data()
                .getInt("requests_per_minute"));
        assertEquals(20, api.get("keys/" + child.getString("id"), admin).data().getInt("requests_per_minute"));
    }
}
