package io.latchkey.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.SecretCodec;
import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The failed-authentication throttle never refuses a valid credential for someone else's failures,
 * counts passwords per address and per account, bounds concurrent password checks, and refuses before
 * any database work. Limits in the test server: 50 per address, 20 per account, one-minute windows, 2
 * concurrent password checks. Each test speaks from addresses of its own (X-Forwarded-For from the
 * trusted loopback proxy).
 */
class ThrottlingIT extends DeployedLatchkey {

    private static final int ADDRESS_LIMIT = 50;
    private static final int ACCOUNT_LIMIT = 20;
    private static final String PASSWORD = "throttle-pass-01";

    String email;
    Auth password;
    String key;

    @BeforeEach
    void setUp() {
        email = Api.uniqueEmail("throttled");
        api.createUser(email, PASSWORD, "token-manager");
        password = Auth.basic(email, PASSWORD);
        key = api.createKey(password, "{\"description\":\"valid\",\"access\":\"read_write\"}").getString("api_key");
    }

    private static String address() {
        return Api.freshAddress();
    }

    private static String unknownKey() {
        return new SecretCodec("lk", new SecureRandom()).generate().plaintext();
    }

    @Test
    void aValidKeyAndAPasswordStillWorkFromAnAddressThrottledForBadKeys() {
        String client = address();
        for (int i = 0; i < ADDRESS_LIMIT; i++) {
            Reply bad = api.getFrom(client, "me", Auth.bearer(i % 2 == 0 ? unknownKey() : "lk_garbage" + i));
            assertEquals(401, bad.status(), "bad key " + (i + 1) + ": " + bad);
        }
        Reply throttled = api.getFrom(client, "me", Auth.bearer(unknownKey()));
        assertEquals(429, throttled.status(), throttled.toString());
        assertEquals("too_many_failed_attempts", throttled.code());
        assertNotNull(throttled.header("Retry-After"));

        assertEquals(200, api.getFrom(client, "me", Auth.bearer(key)).status(), "a valid key is served");
        assertEquals(200, api.getFrom(client, "me", Auth.apiKey(key)).status());
        assertEquals(200, api.getFrom(client, "me", password).status(), "key failures never count against passwords");
        assertEquals(200, api.getFrom(client, "me", Auth.admin()).status(), "nor against the admin's password");
        assertEquals(429, api.getFrom(client, "me", Auth.bearer("lk_nonsense")).status(), "further bad keys stay 429");
    }

    @Test
    void wrongPasswordsForOneAccountFromTwoAddressesAreThrottledBeforeTheCheck() {
        String first = address();
        String second = address();
        Auth wrong = Auth.basic(email, "not-the-password");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            statuses.add(api.getFrom(i % 2 == 0 ? first : second, "me", wrong).status());
        }
        assertEquals(ACCOUNT_LIMIT, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        assertEquals(25 - ACCOUNT_LIMIT, statuses.stream().filter(s -> s == 429).count(), statuses.toString());

        String probe = "account-" + UUID.randomUUID();
        Reply right = api.send("GET", "me", password, null, null, "X-Forwarded-For", address(),
                "X-Test-Sql-Probe", probe);
        assertEquals(429, right.status(), "past the account's limit even the right password waits: " + right);
        assertEquals(0, api.sqlStatements(probe), "refused before any lookup");

        String other = Api.uniqueEmail("bystander");
        api.createUser(other, PASSWORD, "member");
        assertEquals(200, api.getFrom(first, "me", Auth.basic(other, PASSWORD)).status(),
                "another account from the same addresses is not affected");
    }

    @Test
    void malformedKeysNeverReachTheDatabaseAndUnknownOnesDo() {
        String probe = "malformed-" + UUID.randomUUID();
        String client = address();
        for (String bad : List.of("lk_short", "lk_" + "!".repeat(38), Api.mistyped(key),
                "other_" + key.substring(3), "")) {
            Reply reply = api.send("GET", "keys", Auth.bearer(bad), null, null, "X-Forwarded-For", client,
                    "X-Test-Sql-Probe", probe);
            assertEquals(401, reply.status(), reply.toString());
        }
        assertEquals(0, api.sqlStatements(probe), "malformed and bad-checksum keys cost no SQL");

        String control = "unknown-" + UUID.randomUUID();
        api.send("GET", "keys", Auth.bearer(unknownKey()), null, null, "X-Forwarded-For", client,
                "X-Test-Sql-Probe", control);
        assertTrue(api.sqlStatements(control) > 0, "a well-formed unknown key is looked up (the probe sees SQL)");
    }

    @Test
    void passwordChecksBeyondTheConcurrencyLimitAreRefusedAtOnceWhileKeysAreServed() throws Exception {
        List<Auth> people = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String person = Api.uniqueEmail("spray");
            api.createUser(person, PASSWORD, "member");
            // full-strength hashes, as in production, so that sixteen checks overlap
            Reply stored = api.send("PUT", "test-support/password-hash?email=" + person + "&password=" + PASSWORD
                    + "&iterations=600000", Auth.NONE, null, null);
            assertEquals(204, stored.status(), stored.toString());
            people.add(Auth.basic(person, PASSWORD));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Reply>> passwords = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Auth person = people.get(i % people.size());
                passwords.add(pool.submit(() -> api.getFrom(address(), "me", person)));
            }
            Reply byKey = api.getFrom(address(), "me", Auth.bearer(key));
            assertEquals(200, byKey.status(), "key traffic is served during the spray");
            int busy = 0;
            for (Future<Reply> future : passwords) {
                Reply reply = future.get();
                if (reply.status() == 429) {
                    assertEquals("password_checks_busy", reply.code(), reply.toString());
                    assertEquals("1", reply.header("Retry-After"));
                    busy++;
                } else {
                    assertEquals(200, reply.status(), reply.toString());
                }
            }
            assertTrue(busy > 0, "16 concurrent checks with 2 allowed: some are refused at once");
        } finally {
            pool.shutdownNow();
        }
        for (Auth person : people) {
            assertEquals(200, api.getFrom(address(), "me", person).status(), "a refused check is not a failed attempt");
        }
    }
}
