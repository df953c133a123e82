package io.latchkey.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.DeployedLatchkey;
import io.latchkey.testsupport.Eventually;
import io.latchkey.testsupport.EventStream;
import io.latchkey.testsupport.EventStream.Event;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/keys/changes}: the server-sent events a backend that caches verify answers listens to. The call
 * that made a change returns once every stream confirmed it, and a stream that does not is closed; a stream hears of
 * its own organization only; a revoked verifier key loses its stream; only admins and verifiers may listen, each
 * credential a bounded number of times.
 */
class KeyChangesIT extends DeployedLatchkey {

    private static final String PASSWORD = "key-changes-password-1";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private record Org(Auth admin, String verifierKey, String verifierKeyId) {
    }

    private Org organization() {
        String adminEmail = Api.uniqueEmail("changes-admin");
        api.createOrganization("Changes " + UUID.randomUUID().toString().substring(0, 6), adminEmail, PASSWORD);
        Auth admin = Auth.basic(adminEmail, PASSWORD);
        String verifier = api.createUser(admin, Api.uniqueEmail("changes-verifier"), PASSWORD, "verifier");
        JsonObject key = api.createKey(admin, "{\"description\":\"cache\",\"access\":\"read_only\",\"owner_id\":\"" + verifier + "\"}");
        return new Org(admin, key.getString("api_key"), key.getString("id"));
    }

    private EventStream listen(String key) throws Exception {
        return EventStream.open(changes(), key == null ? null : "Bearer " + key);
    }

    private URI changes() {
        return api.base().resolve("keys/changes");
    }

    private static JsonObject data(Event event) {
        return Json.createReader(new StringReader(event.data())).readObject();
    }

    /** Confirms the change event, as a client does once it dropped what the change names. */
    private void confirm(Org org, String stream, Event changed) {
        assertEquals(204, api.post("keys/changes/acks", Auth.bearer(org.verifierKey()), Json.createObjectBuilder()
                .add("stream", stream).add("change", data(changed).getString("change")).build().toString()).status());
    }

    @Test
    void aChangeWaitsForItsStreamsToConfirmItAndStaysInItsOrganization() throws Exception {
        Org mine = organization();
        Org other = organization();
        String secondVerifier = api.createUser(mine.admin(), Api.uniqueEmail("changes-verifier"), PASSWORD, "verifier");
        String silentKey = api.createKey(mine.admin(), "{\"description\":\"silent\",\"access\":\"read_only\",\"owner_id\":\""
                + secondVerifier + "\"}").getString("api_key");
        try (EventStream stream = listen(mine.verifierKey()); EventStream silent = listen(silentKey);
             EventStream elsewhere = listen(other.verifierKey())) {
            assertEquals(200, stream.status());
            Event ready = stream.next(WAIT);
            assertEquals("ready", ready.name());
            String id = data(ready).getString("stream");
            assertEquals("ready", silent.next(WAIT).name());
            assertEquals("ready", elsewhere.next(WAIT).name());

            JsonObject key = api.createKey(mine.admin(), "{\"description\":\"gone soon\"}");
            CompletableFuture<Long> deleted = CompletableFuture.supplyAsync(() -> {
                assertEquals(200, api.delete("keys/" + key.getString("id"), mine.admin()).status());
                return System.nanoTime();
            });
            Event revoked = stream.next(WAIT);
            assertEquals("changed", revoked.name());
            JsonObject change = data(revoked);
            assertEquals("key", change.getString("scope"));
            assertEquals(key.getString("id"), change.getString("id"));
            long confirmedAt = System.nanoTime();
            confirm(mine, id, revoked);
            assertTrue(deleted.get(30, TimeUnit.SECONDS) >= confirmedAt, "DELETE returned only after the confirmation");
            assertEquals("changed", silent.next(WAIT).name());
            assertEquals(EventStream.END, silent.next(WAIT), "a stream that does not confirm is closed");
            assertEquals(List.of(), stream.untilHeartbeat(WAIT), "the one that confirmed stays open");

            String user = api.createUser(mine.admin(), Api.uniqueEmail("changes-leaver"), PASSWORD, "token-manager");
            CompletableFuture<Integer> deactivated = CompletableFuture.supplyAsync(() ->
                    api.patch("users/" + user, mine.admin(), "{\"active\":false}").status());
            List<JsonObject> userChanges = new ArrayList<>();
            while (!deactivated.isDone()) {
                Event next = stream.next(Duration.ofMillis(200));
                if (next != null) {
                    assertEquals("changed", next.name());
                    userChanges.add(data(next));
                    confirm(mine, id, next);
                }
            }
            assertEquals(200, deactivated.get(30, TimeUnit.SECONDS));
            assertTrue(userChanges.stream().anyMatch(changed -> changed.getString("scope").equals("user")
                    && changed.getString("id").equals(user)), userChanges.toString());

            assertEquals(List.of(), elsewhere.untilHeartbeat(WAIT), "another organization hears nothing of it");
        }
    }

    @Test
    void aConfirmationNeedsTheStreamsOwnCredentialAndWellFormedIds() throws Exception {
        Org org = organization();
        Org other = organization();
        try (EventStream stream = listen(org.verifierKey())) {
            String id = data(stream.next(WAIT)).getString("stream");
            JsonObject key = api.createKey(org.admin(), "{\"description\":\"gone soon\"}");
            CompletableFuture<Integer> deleted = CompletableFuture.supplyAsync(() ->
                    api.delete("keys/" + key.getString("id"), org.admin()).status());
            Event revoked = stream.next(WAIT);
            confirm(other, id, revoked); // another organization's verifier cannot confirm for this stream
            assertEquals(200, deleted.get(30, TimeUnit.SECONDS));
            assertEquals(EventStream.END, stream.next(WAIT), "unconfirmed by its own credential: closed");
        }
        for (String body : List.of("{}", "{\"stream\":\"x\",\"change\":\"y\"}", "{\"stream\":\"" + UUID.randomUUID() + "\"}")) {
            Api.Reply refused = api.post("keys/changes/acks", Auth.bearer(org.verifierKey()), body);
            assertEquals(400, refused.status(), body + " " + refused);
        }
    }

    @Test
    void aStreamEndsWhenItsOwnKeyIsRevokedAndCannotBeOpenedAgain() throws Exception {
        Org org = organization();
        try (EventStream stream = listen(org.verifierKey())) {
            assertEquals("ready", stream.next(WAIT).name());
            assertEquals(200, api.delete("keys/" + org.verifierKeyId(), org.admin()).status());
            Event change = stream.next(WAIT);
            assertEquals("changed", change.name());
            assertEquals(org.verifierKeyId(), data(change).getString("id"));
            assertEquals(EventStream.END, stream.next(WAIT), "the server closed it");
        }
        try (EventStream again = listen(org.verifierKey())) {
            assertEquals(401, again.status());
        }
    }

    @Test
    void onlyAdminsAndVerifiersMayListen() throws Exception {
        Org org = organization();
        String managerEmail = Api.uniqueEmail("changes-manager");
        api.createUser(org.admin(), managerEmail, PASSWORD, "token-manager");
        String managerKey = api.createKey(Auth.basic(managerEmail, PASSWORD), "{\"description\":\"mine\"}").getString("api_key");
        try (EventStream manager = listen(managerKey)) {
            assertEquals(403, manager.status(), "a token manager manages keys; it does not listen");
            assertTrue(manager.body().contains("insufficient_role"), manager.body());
        }
        try (EventStream nobody = listen(null)) {
            assertEquals(401, nobody.status());
        }
        try (EventStream garbage = listen("lk_" + "A".repeat(38))) {
            assertEquals(401, garbage.status());
        }
        String adminKey = api.createKey(org.admin(), "{\"description\":\"admin\",\"access\":\"read_only\"}").getString("api_key");
        try (EventStream admin = listen(adminKey)) {
            assertEquals(200, admin.status());
            assertEquals("ready", admin.next(WAIT).name());
        }
    }

    @Test
    void oneCredentialHoldsAtMostThirtyTwoStreams() throws Exception {
        Org org = organization();
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                EventStream stream = listen(org.verifierKey());
                open.add(stream);
                assertEquals(200, stream.status());
            }
            try (EventStream oneMore = listen(org.verifierKey())) {
                assertEquals(429, oneMore.status());
                assertTrue(oneMore.body().contains("too_many_streams"), oneMore.body());
            }
            Org other = organization();
            try (EventStream unaffected = listen(other.verifierKey())) {
                assertEquals(200, unaffected.status(), "another credential is not held back");
            }
            open.remove(0).close();
            EventStream reopened = Eventually.poll(() -> {
                try {
                    EventStream stream = listen(org.verifierKey());
                    if (stream.status() == 200) {
                        return stream;
                    }
                    stream.close();
                    return null;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            open.add(reopened);
        } finally {
            open.forEach(EventStream::close);
        }
    }
}
