package io.latchkey.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.SecretCodec;
import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import jakarta.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The container authentication mechanism: every 401 and 403 the API promises, and what takes effect at once. */
class KeyAuthenticationIT extends DeployedLatchkey {

    private static final String PASSWORD = "manager-password-1";

    String managerEmail;
    String managerId;
    Auth managerPassword;
    JsonObject readWrite;
    JsonObject readOnly;

    @BeforeEach
    void setUp() {
        managerEmail = Api.uniqueEmail("manager");
        managerId = api.createUser(managerEmail, PASSWORD, "token-manager");
        managerPassword = Auth.basic(managerEmail, PASSWORD);
        readWrite = api.createKey(managerPassword, "{\"description\":\"rw\",\"access\":\"read_write\",\"expires_in_days\":30}");
        readOnly = api.createKey(managerPassword, "{\"description\":\"ro\",\"access\":\"read_only\"}");
    }

    private Auth rw() {
        return Auth.bearer(readWrite.getString("api_key"));
    }

    private Auth ro() {
        return Auth.apiKey(readOnly.getString("api_key"));
    }

    private static void assertProblem(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals(code, reply.code(), reply.toString());
        assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), reply.header("Content-Type"));
        assertEquals(status, reply.json().getInt("status"));
        assertEquals(reply.header("X-Request-Id"), reply.json().getString("request_id"));
    }

    @Test
    void noCredentialsOnAProtectedResourceIsAChallenge() {
        for (String path : List.of("keys", "users", "me", "keys/whatever")) {
            Reply reply = api.get(path, Auth.NONE);
            assertProblem(reply, 401, "authentication_required");
            assertEquals("Bearer realm=\"latchkey\"", reply.header("WWW-Authenticate"));
        }
    }

    @Test
    void bothKeyHeadersAreAcceptedAndCarryTheExpiry() {
        Reply bearer = api.get("keys", rw());
        assertEquals(200, bearer.status(), bearer.toString());
        assertEquals(readWrite.getString("expires_at"), bearer.header("Latchkey-Key-Expires-At"));
        Reply header = api.get("keys", Auth.apiKey(readWrite.getString("api_key")));
        assertEquals(200, header.status());
        assertNull(api.get("keys", managerPassword).header("Latchkey-Key-Expires-At"));
    }

    @Test
    void unknownMalformedAndForeignKeysAreInvalid() {
        String unknown = new SecretCodec("lk", new SecureRandom()).generate().plaintext();
        String real = readWrite.getString("api_key");
        char[] typo = real.toCharArray();
        typo[10] = typo[10] == 'a' ? 'b' : 'a';
        String foreign = new SecretCodec("other", new SecureRandom()).generate().plaintext();
        for (String key : List.of(unknown, new String(typo), foreign, "lk_short", real + "x", "", "lk_" + "!".repeat(38))) {
            assertProblem(api.get("keys", Auth.bearer(key)), 401, "key_invalid");
        }
    }

    @Test
    void revokedKeyIsRejectedAtOnce() {
        String id = readOnly.getString("id");
        assertEquals(200, api.get("me", ro()).status());
        assertEquals(200, api.delete("keys/" + id, rw()).status());
        assertProblem(api.get("me", ro()), 401, "key_revoked");
    }

    @Test
    void expiredKeyIsRejected() {
        try {
            api.moveClock(Duration.ofDays(31));
            assertProblem(api.get("me", rw()), 401, "key_expired");
            assertEquals(200, api.get("me", ro()).status(), "the 180-day key still works");
        } finally {
            api.moveClock(Duration.ZERO);
        }
        assertEquals(200, api.get("me", rw()).status());
    }

    @Test
    void readOnlyKeyCanReadButNotWrite() {
        assertEquals(200, api.get("keys", ro()).status());
        assertEquals(200, api.get("keys/" + readOnly.getString("id"), ro()).status());
        String id = readWrite.getString("id");
        assertProblem(api.post("keys", ro(), "{\"description\":\"x\"}"), 403, "read_only_key");
        assertProblem(api.patch("keys/" + id, ro(), "{\"description\":\"x\"}"), 403, "read_only_key");
        assertProblem(api.post("keys/" + id + "/regenerate", ro(), "{}"), 403, "read_only_key");
        assertProblem(api.delete("keys/" + id, ro()), 403, "read_only_key");
        assertProblem(api.send("PUT", "keys/" + id, ro(), "{}", "application/json"), 405, "method_not_allowed");
        assertEquals("rw", api.get("keys/" + id, rw()).data().getString("description"));
        assertEquals("active", api.get("keys/" + id, rw()).data().getString("status"));
    }

    @Test
    void wrongPasswordAndUnknownUserAreIndistinguishable() {
        Reply wrong = api.get("me", Auth.basic(managerEmail, "not-the-password"));
        Reply unknown = api.get("me", Auth.basic(Api.uniqueEmail("nobody"), "not-the-password"));
        assertProblem(wrong, 401, "credentials_invalid");
        assertProblem(unknown, 401, "credentials_invalid");
        assertEquals(wrong.json().getString("detail"), unknown.json().getString("detail"));
        assertProblem(api.send("GET", "me", new Auth("Authorization", "Basic !!!"), null, null), 401, "credentials_invalid");

        long[] wrongTimes = new long[7];
        long[] unknownTimes = new long[7];
        for (int i = 0; i < 7; i++) {
            wrongTimes[i] = timed(() -> api.get("me", Auth.basic(managerEmail, "not-the-password")));
            unknownTimes[i] = timed(() -> api.get("me", Auth.basic(Api.uniqueEmail("nobody"), "not-the-password")));
        }
        long wrongMedian = median(wrongTimes);
        long unknownMedian = median(unknownTimes);
        // A password check costs hundreds of milliseconds; skipping it for unknown users would show (a margin of
        // three: both medians carry whatever else the machine does)
        assertTrue(unknownMedian * 3 > wrongMedian, "unknown " + unknownMedian + " ms vs wrong " + wrongMedian + " ms");
    }

    @Test
    void unsupportedOrAmbiguousCredentialsAreRejected() {
        assertProblem(api.get("me", new Auth("Authorization", "Digest username=x")), 401, "unsupported_authentication_scheme");
        Reply both = api.getWithHeaders("me", "Authorization", "Bearer " + readWrite.getString("api_key"),
                "X-API-Key", readOnly.getString("api_key"));
        assertProblem(both, 401, "ambiguous_credentials");
    }

    @Test
    void usersWithoutTheRightRoleAreForbidden() {
        String memberEmail = Api.uniqueEmail("member");
        api.createUser(memberEmail, PASSWORD, "member");
        Auth member = Auth.basic(memberEmail, PASSWORD);
        assertEquals(200, api.get("me", member).status());
        assertProblem(api.get("keys", member), 403, "insufficient_role");
        assertProblem(api.post("keys", member, "{\"description\":\"x\"}"), 403, "insufficient_role");
        assertProblem(api.get("users", rw()), 403, "insufficient_role");
        assertProblem(api.post("users", rw(), "{}"), 403, "insufficient_role");
    }

    @Test
    void roleRemovalAppliesToTheOwnersKeysOnTheNextRequest() {
        assertEquals(200, api.get("keys", rw()).status());
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"roles\":[\"member\"]}").status());
        assertProblem(api.get("keys", rw()), 403, "insufficient_role");
        Reply me = api.get("me", rw());
        assertEquals(200, me.status());
        assertEquals(List.of("member"), me.data().getJsonArray("roles").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"roles\":[\"token-manager\"]}").status());
        assertEquals(200, api.get("keys", rw()).status());
    }

    @Test
    void deactivatedUsersKeysStopWorkingAtOnce() {
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"active\":false}").status());
        assertProblem(api.get("me", rw()), 401, "key_owner_inactive");
        assertProblem(api.get("me", ro()), 401, "key_owner_inactive");
        assertProblem(api.get("me", managerPassword), 401, "credentials_invalid");
        assertEquals(200, api.patch("users/" + managerId, Auth.admin(), "{\"active\":true}").status());
        assertEquals(200, api.get("me", rw()).status());
    }

    @Test
    void meTellsHowTheCallerAuthenticated() {
        JsonObject byKey = api.get("me", ro()).data();
        assertEquals(managerId, byKey.getString("id"));
        assertEquals(managerEmail, byKey.getString("email"));
        assertEquals("Default organization", byKey.getJsonObject("organization").getString("name"));
        JsonObject authentication = byKey.getJsonObject("authentication");
        assertEquals("api_key", authentication.getString("method"));
        assertEquals(readOnly.getString("id"), authentication.getString("key_id"));
        assertEquals("read_only", authentication.getString("access"));
        assertEquals(2, byKey.getJsonObject("key_quota").getInt("used"));
        assertEquals(100, byKey.getJsonObject("key_quota").getInt("max"));

        JsonObject byPassword = api.get("me", managerPassword).data().getJsonObject("authentication");
        assertEquals("password", byPassword.getString("method"));
        assertFalse(byPassword.containsKey("key_id"));
    }

    @Test
    void lastUseIsRecordedWithoutDelayingTheRequest() throws InterruptedException {
        String id = readOnly.getString("id");
        assertTrue(Api.isNull(api.get("keys/" + id, rw()).data(), "last_used_at"));
        Instant before = Instant.now().minusSeconds(1);
        String probe = "last-use-" + java.util.UUID.randomUUID();
        assertEquals(200, api.send("GET", "me", ro(), null, null, "X-Test-Sql-Probe", probe).status());
        assertTrue(api.sqlStatements(probe) > 0, "the probe saw the request's reads");
        assertEquals(0, api.sqlWrites(probe), "the request itself writes nothing: last use is written later, in a batch");
        String lastUsed = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject key = api.get("keys/" + id, rw()).data();
            if (!Api.isNull(key, "last_used_at")) {
                lastUsed = key.getString("last_used_at");
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(lastUsed != null, "last_used_at was never recorded");
        assertTrue(Instant.parse(lastUsed).isAfter(before), lastUsed);
    }

    @Test
    void requestIdsAreEchoedOrMade() {
        Reply echoed = api.get("me", rw());
        assertTrue(echoed.header("X-Request-Id").matches("[0-9a-f-]{36}"));
        Reply traced = api.getWithHeaders("me", "Authorization", "Bearer " + readWrite.getString("api_key"),
                "X-Request-Id", "trace-123");
        assertEquals("trace-123", traced.header("X-Request-Id"));
        assertEquals("trace-123", traced.json().getString("request_id"));
        Reply insane = api.getWithHeaders("me", "Authorization", "Bearer " + readWrite.getString("api_key"),
                "X-Request-Id", "<script>");
        assertNotEquals("<script>", insane.header("X-Request-Id"));
        assertNotEquals(echoed.header("X-Request-Id"), api.get("me", rw()).header("X-Request-Id"));
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
