package io.latchkey.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys stay out of URLs however encoded, console sessions end, and password hashes keep up with the setting. */
class CredentialHygieneIT extends DeployedLatchkey {

    private static final String PASSWORD = "hygiene-pass-001";
    /** What the test server hashes new passwords with (the pom sets fewer than the default 600,000). */
    private static final int CONFIGURED_ITERATIONS =
            Integer.parseInt(System.getenv().getOrDefault("LATCHKEY_PASSWORD_ITERATIONS", "600000"));

    String email;
    String key;

    @BeforeEach
    void setUp() {
        email = Api.uniqueEmail("hygiene");
        api.createUser(email, PASSWORD, "admin"); // console passwords are for local admins in the tests' configuration
        key = api.createKey(Auth.basic(email, PASSWORD), "{\"description\":\"hygiene\"}").getString("api_key");
    }

    @Test
    void aKeyInTheQueryStringIsRefusedHoweverItIsEncoded() {
        String encoded = key.replace("_", "%5F");
        String twice = key.replace("_", "%255F");
        for (String query : List.of("api_key=" + key, "api_key=" + encoded, "x=" + encoded, "x=" + twice,
                "q=100%25&x=" + encoded, "x=" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("_", "%5f"),
                "api%5Fkey=anything", "token=abc")) {
            Reply reply = api.get("keys?" + query, Auth.bearer(key));
            assertEquals(400, reply.status(), query + " -> " + reply);
            assertEquals("key_in_query", reply.code(), query);
        }
        assertEquals(200, api.get("keys?q=" + key.substring(3, 10), Auth.bearer(key)).status(),
                "a search for part of a description is not a key");
    }

    @Test
    void aSessionWrittenWithoutSigningInIsNoSession() {
        // what a member of the data grid could put in a replicated session: every attribute right, but not sealed
        Reply forged = api.send("POST", "test-support/forged-session?email=" + email, Auth.NONE, null, null);
        assertEquals(204, forged.status(), forged.toString());
        String cookie = forged.raw().headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(java.util.stream.Collectors.joining("; "));
        assertTrue(cookie.contains("LATCHKEY_SESSION="), cookie);
        Reply me = api.send("GET", "me", Auth.NONE, null, null, "Cookie", cookie);
        assertEquals(401, me.status(), me.toString());
        Reply change = api.send("POST", "keys", Auth.NONE, "{\"description\":\"forged\"}", "application/json",
                "Cookie", cookie, "X-CSRF-Token", "forged-csrf-token");
        assertEquals(401, change.status(), change.toString());
    }

    @Test
    void aConsoleSessionEndsAfterItsAbsoluteLifetime() {
        Reply signIn = api.post("session", Auth.NONE, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, signIn.status(), signIn.toString());
        String cookie = signIn.raw().headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(java.util.stream.Collectors.joining("; "));
        assertTrue(cookie.contains("LATCHKEY_SESSION="), cookie);
        assertEquals(200, api.send("GET", "me", Auth.NONE, null, null, "Cookie", cookie).status());
        try {
            api.moveClock(Duration.ofHours(11).plusMinutes(59));
            assertEquals(200, api.send("GET", "me", Auth.NONE, null, null, "Cookie", cookie).status(),
                    "still within 12 hours");
            api.moveClock(Duration.ofHours(12).plusMinutes(1));
            Reply expired = api.send("GET", "me", Auth.NONE, null, null, "Cookie", cookie);
            assertEquals(401, expired.status(), "12 hours after sign-in, however active: " + expired);
            api.moveClock(Duration.ZERO);
            assertEquals(401, api.send("GET", "me", Auth.NONE, null, null, "Cookie", cookie).status(),
                    "the session was ended, not just refused");
        } finally {
            api.moveClock(Duration.ZERO);
        }
    }

    @Test
    void aWeakerPasswordHashIsReplacedAtTheNextSuccessfulSignIn() {
        Reply weakened = api.send("PUT", "test-support/password-hash?email=" + email + "&password=" + PASSWORD
                + "&iterations=10000", Auth.NONE, null, null);
        assertEquals(204, weakened.status(), weakened.toString());
        assertEquals(10_000, iterations());

        assertEquals(401, api.get("me", Auth.basic(email, "wrong-password-1")).status());
        assertEquals(10_000, iterations(), "a failed sign-in changes nothing");
        assertEquals(200, api.get("me", Auth.basic(email, PASSWORD)).status());
        assertEquals(CONFIGURED_ITERATIONS, iterations(), "rehashed at the configured count");
        assertEquals(200, api.get("me", Auth.basic(email, PASSWORD)).status(), "the same password still works");
    }

    /**
     * A refused credential is an answer, not an incident: the server logs no error for it. (On Undertow
     * the mechanism's flushed response was followed by the container's own sendError, an ERROR with a
     * stack trace per refusal.)
     */
    @Test
    void refusedCredentialsLogNoError() throws Exception {
        Path log = Path.of(System.getProperty("latchkey.itLog", "target/it/server.log"));
        long before = Files.exists(log) ? Files.size(log) : 0;
        List<Reply> refused = List.of(
                api.get("me", Auth.bearer(Api.mistyped(key))),
                api.get("me", Auth.bearer("lk_0000000000000000000000000000000000000000")),
                api.get("me", Auth.apiKey("not-a-key")),
                api.get("me", Auth.basic(email, "wrong-password-2")),
                api.get("me", new Auth("Authorization", "Basic %%%")),
                api.post("keys", Auth.bearer("garbage"), "{}"),
                api.get("keys", Auth.NONE));
        for (Reply reply : refused) {
            assertTrue(reply.status() == 400 || reply.status() == 401, reply.toString());
            assertTrue(reply.body().contains("\"code\""), "a problem document: " + reply);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.get("me", Auth.bearer(key)).status(), "requests after the refusals are served");
        }
        String appended = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).substring((int) Math.min(before,
                Files.size(log)));
        List<String> errors = appended.lines().filter(line -> line.startsWith("SEVERE:") || line.startsWith("ERROR:"))
                .toList();
        assertTrue(errors.isEmpty(), "logged while refusing credentials: " + errors);
    }

    private int iterations() {
        return api.get("test-support/password-hash?email=" + email, Auth.NONE).data().getInt("iterations");
    }
}
