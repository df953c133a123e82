package io.latchkey.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.EventStream;
import io.latchkey.testsupport.MailServer;
import io.latchkey.testsupport.PayaraMicroProcess;
import io.latchkey.testsupport.PostgresDatabases;
import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Payara Micro instances, clustered with Hazelcast over TCP on loopback, on one PostgreSQL
 * database: one system. Runs with {@code -Ppostgres}. Both answer key checks from memory; every test
 * that changes a key proves that no request is accepted on either node after the changing call returned
 * — with both nodes up, with one killed, and with their grid link cut while both keep serving HTTP
 * (iptables, so the test runs as root, as CI does).
 */
@Tag("payara")
@EnabledIfSystemProperty(named = "latchkey.db", matches = "postgres")
class ClusterIT {

    private static final String PASSWORD = "cluster-password-1";
    private static final Duration START = Duration.ofMinutes(4);
    /**
     * A database of the cluster's own: the shared test deployment (another grid) registers in the suite's
     * database, and an instance of another grid that renews there rightly keeps these two from their memory.
     */
    private static final String DATABASE = "latchkey_cluster_it";
    private static final String GRID_SECRET = "cluster-it-grid-secret-0123456789abcdef";
    private static PayaraMicroProcess a;
    private static PayaraMicroProcess b;
    private static int gridA;
    private static int gridB;
    @RegisterExtension
    static final MailServer smtp = new MailServer();

    Api apiA;
    Api apiB;
    Auth manager;
    String managerId;

    @BeforeAll
    static void startCluster() throws Exception {
        Path dir = Path.of(System.getProperty("latchkey.itLog", "target/it/server.log")).getParent().resolve("cluster");
        File war = PayaraMicroProcess.war(dir);
        gridA = PayaraMicroProcess.freePort();
        gridB = PayaraMicroProcess.freePort();
        String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
        String cluster = "latchkey-it-" + UUID.randomUUID().toString().substring(0, 8);
        PostgresDatabases.fresh(DATABASE);
        Map<String, String> environment = Map.of("LATCHKEY_DB_NAME", DATABASE, "LATCHKEY_GRID_SECRET", GRID_SECRET);
        a = new PayaraMicroProcess("node-a", PayaraMicroProcess.freePort(), gridA, members, cluster, war, dir, environment);
        b = new PayaraMicroProcess("node-b", PayaraMicroProcess.freePort(), gridB, members, cluster, war, dir, environment);
        a.start();
        a.awaitLog("ready in", START);
        b.start();
        b.awaitLog("ready in", START);
        b.awaitLog("DG Size: 2", Duration.ofMinutes(1));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (a != null) {
            a.kill();
        }
        if (b != null) {
            b.kill();
        }
        PostgresDatabases.drop(DATABASE);
    }

    @BeforeEach
    void setUp() throws Exception {
        apiA = new Api(a.url());
        apiB = new Api(b.url());
        String email = Api.uniqueEmail("cluster");
        managerId = apiA.createUser(email, PASSWORD, "token-manager");
        manager = Auth.bearer(apiA.createKey(Auth.basic(email, PASSWORD),
                "{\"description\":\"manager\",\"access\":\"read_write\"}").getString("api_key"));
    }

    @Test
    void revocationOnOneInstanceIsRejectedOnTheOtherAtOnce() {
        for (int i = 0; i < 100; i++) {
            JsonObject key = apiA.createKey(manager, "{\"description\":\"round " + i + "\"}");
            Auth byKey = Auth.bearer(key.getString("api_key"));
            assertEquals(200, apiB.get("me", byKey).status(), "round " + i);
            assertEquals(200, apiA.delete("keys/" + key.getString("id"), manager).status());
            // each refused call comes "from" its own client, so that the failed-auth throttle stays out of it
            Reply after = apiB.getWithHeaders("me", "Authorization", "Bearer " + key.getString("api_key"),
                    "X-Forwarded-For", "198.18." + (i / 250) + "." + (i % 250 + 1));
            assertEquals(401, after.status(), "round " + i + ": " + after);
            assertEquals("key_revoked", after.code());
        }
    }

    @Test
    void aRevocationOnOneInstanceWaitsForTheConfirmationOfAStreamOnTheOther() throws Exception {
        String verifier = apiA.createUser(Api.uniqueEmail("cluster-verifier"), PASSWORD, "verifier");
        String verifierKey = apiA.createKey(Auth.admin(), "{\"description\":\"cache\",\"access\":\"read_only\",\"owner_id\":\""
                + verifier + "\"}").getString("api_key");
        try (EventStream stream = EventStream.open(apiA.base().resolve("keys/changes"), "Bearer " + verifierKey)) {
            EventStream.Event ready = stream.next(Duration.ofSeconds(10));
            String id = ready.data().replaceAll(".*\"stream\":\"([^\"]+)\".*", "$1");
            for (int i = 0; i < 10; i++) {
                JsonObject key = apiA.createKey(manager, "{\"description\":\"streamed " + i + "\"}");
                java.util.concurrent.CompletableFuture<Long> deleted = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    assertEquals(200, apiB.delete("keys/" + key.getString("id"), manager).status());
                    return System.nanoTime();
                });
                EventStream.Event revoked = stream.next(Duration.ofSeconds(10));
                assertTrue(revoked != null && revoked.data().contains(key.getString("id")), "round " + i + ": " + revoked);
                long confirmedAt = System.nanoTime();
                String change = revoked.data().replaceAll(".*\"change\":\"([^\"]+)\".*", "$1");
                // confirmed on the instance that made the change, not the one holding the stream: the grid carries it
                assertEquals(204, apiB.post("keys/changes/acks", Auth.bearer(verifierKey),
                        "{\"stream\":\"" + id + "\",\"change\":\"" + change + "\"}").status());
                assertTrue(deleted.get(30, TimeUnit.SECONDS) >= confirmedAt, "round " + i + ": returned after the confirmation");
            }
            assertEquals(List.of(), stream.untilHeartbeat(Duration.ofSeconds(10)), "confirmed every time: still open");
        }
    }

    @Test
    void regenerationAndAccessEditsApplyEverywhereAtOnce() {
        JsonObject key = apiA.createKey(manager, "{\"description\":\"shared\",\"access\":\"read_write\"}");
        String id = key.getString("id");
        Auth old = Auth.bearer(key.getString("api_key"));
        assertEquals(200, apiB.patch("keys/" + id, manager, "{\"access\":\"read_only\"}").status());
        Reply write = apiA.post("keys", old, "{\"description\":\"nope\"}");
        assertEquals(403, write.status(), write.toString());
        assertEquals("read_only_key", write.code());

        Reply regenerated = apiB.post("keys/" + id + "/regenerate", manager, "{}");
        assertEquals(200, regenerated.status());
        assertEquals(401, apiA.get("me", old).status());
        assertEquals(200, apiA.get("me", Auth.bearer(regenerated.data().getString("api_key"))).status());
    }

    @Test
    void deactivationAndRoleRemovalApplyEverywhereAtOnce() {
        assertEquals(200, apiB.get("keys", manager).status());
        assertEquals(200, apiA.patch("users/" + managerId, Auth.admin(), "{\"roles\":[\"member\"]}").status());
        assertEquals(403, apiB.get("keys", manager).status());
        assertEquals(200, apiA.patch("users/" + managerId, Auth.admin(), "{\"active\":false}").status());
        assertEquals(401, apiB.get("me", manager).status());
    }

    @Test
    void lastUseFromEveryInstanceIsMergedNewestFirst() throws InterruptedException {
        JsonObject key = apiA.createKey(manager, "{\"description\":\"used twice\"}");
        Auth byKey = Auth.bearer(key.getString("api_key"));
        assertEquals(200, apiA.get("me", byKey).status());
        Thread.sleep(1100);
        Instant beforeSecondUse = Instant.now().minusMillis(200);
        assertEquals(200, apiB.get("me", byKey).status());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Instant lastUsed = null;
        while (System.nanoTime() < deadline) {
            JsonObject seen = apiA.get("keys/" + key.getString("id"), manager).data();
            if (!Api.isNull(seen, "last_used_at")) {
                lastUsed = Instant.parse(seen.getString("last_used_at"));
                if (lastUsed.isAfter(beforeSecondUse)) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        assertTrue(lastUsed != null && lastUsed.isAfter(beforeSecondUse), "last_used_at " + lastUsed);

        // an instance whose batch is late writes an older use after the newer one: it must not win
        Reply late = apiA.send("POST", "test-support/key-use?key_id=" + key.getString("id") + "&at="
                + beforeSecondUse.minusSeconds(60) + "&ip=192.0.2.99", Auth.NONE, null, null);
        assertEquals(204, late.status(), late.toString());
        JsonObject after = apiB.get("keys/" + key.getString("id"), manager).data();
        assertEquals(lastUsed, Instant.parse(after.getString("last_used_at")), "an older flush never overwrites a newer one");
        assertFalse("192.0.2.99".equals(after.getString("last_used_ip")), "nor its address");
    }

    /**
     * A key limited to 30 requests a minute, called on both instances in turn, 10 requests a second in all: the
     * grid's count holds it to its limit plus what the instances let through before they hear of each other (the
     * stated tolerance: about 1.1 seconds of the key's traffic, here 11). Counted apart, each instance would let
     * 30 through, 60 in all; and both refuse in the end.
     */
    @Test
    void aRateLimitHoldsAcrossBothInstancesWithinOneSecondOfTraffic() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) {
            Thread.sleep((61 - second) * 1000); // the flood lasts 10 seconds: keep it in one window of the limit
        }
        JsonObject key = apiA.createKey(manager, "{\"description\":\"limited\",\"requests_per_minute\":30}");
        Auth limited = Auth.bearer(key.getString("api_key"));
        int admitted = 0;
        int refusedOnA = 0;
        int refusedOnB = 0;
        long next = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            Api node = i % 2 == 0 ? apiA : apiB;
            int status = node.get("me", limited).status();
            if (status == 200) {
                admitted++;
            } else {
                assertEquals(429, status, "request " + i);
                if (node == apiA) {
                    refusedOnA++;
                } else {
                    refusedOnB++;
                }
            }
            next += 100_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        System.out.println("Rate limit across two instances: " + admitted + " of 100 admitted (limit 30)");
        assertTrue(admitted >= 30, "the limit itself is let through: " + admitted);
        assertTrue(admitted <= 30 + 11 + 4, "about 1.1 seconds of traffic over the limit, not 30 per instance: " + admitted);
        assertTrue(refusedOnA > 0 && refusedOnB > 0, "both instances refuse: " + refusedOnA + " on a, " + refusedOnB + " on b");
    }

    @Test
    void scansOnBothInstancesSendEachNoticeOnce() throws Exception {
        String ownerEmail = Api.uniqueEmail("noticed");
        apiA.createUser(ownerEmail, PASSWORD, "token-manager");
        Auth owner = Auth.bearer(apiA.createKey(Auth.basic(ownerEmail, PASSWORD),
                "{\"description\":\"owner\",\"access\":\"read_write\"}").getString("api_key"));
        for (int i = 0; i < 4; i++) {
            apiB.createKey(owner, "{\"description\":\"expiring " + i + "\",\"expires_in_days\":7}");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonObject>> scans = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Api node = i % 2 == 0 ? apiA : apiB;
                scans.add(pool.submit(node::scanNotices));
            }
            for (Future<JsonObject> scan : scans) {
                scan.get();
            }
        } finally {
            pool.shutdown();
        }
        Map<String, Long> mailsPerKey = smtp.received().stream().filter(m -> {
            try {
                return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress().equals(ownerEmail);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.groupingBy(m -> {
            try {
                return m.getSubject().replaceAll(".*\"(expiring \\d)\".*", "$1");
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }, Collectors.counting()));
        assertEquals(Map.of("expiring 0", 1L, "expiring 1", 1L, "expiring 2", 1L, "expiring 3", 1L), mailsPerKey,
                "each key got exactly one notice");
    }

    @Test
    void killingOneInstanceLeavesTheOtherServingAndTheKilledOneRejoins() throws Exception {
        JsonObject key = apiA.createKey(manager, "{\"description\":\"survivor\"}");
        Auth byKey = Auth.bearer(key.getString("api_key"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        // a Future, not a bare thread: an exception in the traffic loop fails the test instead of dying unseen
        ExecutorService trafficPool = Executors.newSingleThreadExecutor();
        Future<?> traffic = trafficPool.submit(() -> {
            while (running.get()) {
                Reply reply = apiB.get("me", byKey);
                if (reply.status() == 200) {
                    served.incrementAndGet();
                } else {
                    synchronized (failures) {
                        failures.add(reply.toString());
                    }
                }
            }
        });
        Thread.sleep(1000);
        a.kill();
        Thread.sleep(3000);
        running.set(false);
        traffic.get(30, TimeUnit.SECONDS);
        trafficPool.shutdown();
        assertEquals(List.of(), failures);
        assertTrue(served.get() > 10, "served " + served.get());

        // A is dead but still registered: B cannot get its acknowledgement, fences it, and the change holds
        JsonObject second = apiB.createKey(manager, "{\"description\":\"revoked while A is down\"}");
        Auth secondKey = Auth.bearer(second.getString("api_key"));
        assertEquals(200, apiB.get("me", secondKey).status());
        assertEquals(200, apiB.get("me", secondKey).status());
        assertEquals(200, apiB.delete("keys/" + second.getString("id"), manager).status());
        assertEquals("key_revoked", apiB.getWithHeaders("me", "Authorization", "Bearer " + second.getString("api_key"),
                "X-Forwarded-For", "198.18.200.1").code());

        a.start();
        a.awaitLog("ready in", START);
        a.awaitLog("DG Size: 2", Duration.ofMinutes(1));
        assertEquals(200, apiA.get("me", byKey).status());
        assertEquals("survivor", apiA.get("keys/" + key.getString("id"), manager).data().getString("description"));
    }

    @Test
    void anInstanceCutOffFromTheGridIsFencedAndTheChangeHoldsOnBothSides() throws Exception {
        JsonObject revoked = apiA.createKey(manager, "{\"description\":\"revoked across the cut\",\"access\":\"read_write\"}");
        JsonObject edited = apiA.createKey(manager, "{\"description\":\"edited across the cut\",\"access\":\"read_write\"}");
        Auth revokedKey = Auth.bearer(revoked.getString("api_key"));
        Auth editedKey = Auth.bearer(edited.getString("api_key"));
        for (Api node : List.of(apiA, apiB)) {
            for (int i = 0; i < 2; i++) {
                assertEquals(200, node.get("me", revokedKey).status());
                assertEquals(200, node.get("me", editedKey).status());
            }
        }
        assertTrue(awaitMemory(apiA) && awaitMemory(apiB), "both answer from memory before the cut");
        String verifier = apiA.createUser(Api.uniqueEmail("cluster-cut-verifier"), PASSWORD, "verifier");
        String verifierKey = apiA.createKey(Auth.admin(), "{\"description\":\"cache\",\"access\":\"read_only\",\"owner_id\":\""
                + verifier + "\"}").getString("api_key");
        try (EventStream onCutInstance = EventStream.open(apiB.base().resolve("keys/changes"), "Bearer " + verifierKey);
             GridCut cut = GridCut.between(gridA, gridB)) {
            assertEquals("ready", onCutInstance.next(Duration.ofSeconds(10)).name());
            assertEquals(200, apiA.delete("keys/" + revoked.getString("id"), manager).status());
            // B, fenced, lost its lease: it closes the stream that could not hear of the change, or, when it was back
            // within a tick, tells it to forget everything; either way its client stops trusting its cache
            EventStream.Event told = onCutInstance.next(Duration.ofSeconds(10));
            assertTrue(EventStream.END.equals(told) || told != null && told.name().equals("changed")
                    && told.data().contains("\"scope\":\"all\""), String.valueOf(told));
            Reply onB = apiB.getWithHeaders("me", "Authorization", "Bearer " + revoked.getString("api_key"),
                    "X-Forwarded-For", "198.18.201.1");
            assertEquals("key_revoked", onB.code(), "B, cut off, no longer answers from memory: " + onB);

            assertEquals(200, apiB.patch("keys/" + edited.getString("id"), manager, "{\"access\":\"read_only\"}").status());
            Reply write = apiA.post("keys", editedKey, "{\"description\":\"nope\"}");
            assertEquals(403, write.status(), write.toString());
            assertEquals("read_only_key", write.code());
            assertEquals(200, apiA.get("me", editedKey).status(), "both keep serving");
            assertEquals(200, apiB.get("me", editedKey).status());
        }
        assertTrue(awaitMemory(apiA) && awaitMemory(apiB), "both answer from memory again once the grid is whole");
        JsonObject after = apiB.createKey(manager, "{\"description\":\"after the cut\"}");
        Auth afterKey = Auth.bearer(after.getString("api_key"));
        assertEquals(200, apiA.get("me", afterKey).status());
        assertEquals(200, apiA.get("me", afterKey).status());
        assertEquals(200, apiB.delete("keys/" + after.getString("id"), manager).status());
        assertEquals("key_revoked", apiA.getWithHeaders("me", "Authorization", "Bearer " + after.getString("api_key"),
                "X-Forwarded-For", "198.18.201.2").code());
    }

    /** A key made on {@code maker}, used twice on each node (so both hold it in memory), with both answering from memory. */
    private JsonObject keyKnownToBoth(Api maker, String description) throws Exception {
        JsonObject key = maker.createKey(manager, "{\"description\":\"" + description + "\"}");
        Auth byKey = Auth.bearer(key.getString("api_key"));
        for (Api node : List.of(apiA, apiB)) {
            assertEquals(200, node.get("me", byKey).status());
            assertEquals(200, node.get("me", byKey).status());
        }
        assertTrue(awaitMemory(apiA) && awaitMemory(apiB), "both answer from memory");
        return key;
    }

    @Test
    void acknowledgementsForgedOnTheGridDoNotSpareAnInstanceItsFence() throws Exception {
        JsonObject key = keyKnownToBoth(apiA, "forged acknowledgements");
        assertTrue(a.log().contains("the grid joins by tcp-ip"), "clustering seen in the grid's configuration");
        // an intruder beside A answers every invalidation "as B": in the old unsealed form, and sealed without the secret
        Reply forging = apiA.send("POST", "test-support/forged-acks?member=" + member(apiB), Auth.NONE, null, null);
        assertEquals(204, forging.status(), forging.toString());
        try (GridCut cut = GridCut.between(gridA, gridB)) {
            assertEquals(200, apiA.delete("keys/" + key.getString("id"), manager).status());
            Reply onB = apiB.getWithHeaders("me", "Authorization", "Bearer " + key.getString("api_key"),
                    "X-Forwarded-For", "198.18.202.1");
            assertEquals("key_revoked", onB.code(), "B was fenced whatever the intruder said: " + onB);
        } finally {
            apiA.send("DELETE", "test-support/forged-acks", Auth.NONE, null, null);
        }
        assertTrue(a.log().contains("not sealed with this installation's grid secret"), "the forgeries were dropped and said so");
    }

    @Test
    void aChangeWhoseFenceFailsStillHoldsOnTheInstanceItCouldNotReach() throws Exception {
        JsonObject key = keyKnownToBoth(apiB, "unfenceable");
        // no registration can be deleted (rows that are there): B cannot fence A, which it cannot reach either
        PostgresDatabases.execute(DATABASE, "create function cluster_it_no_delete() returns trigger language plpgsql"
                + " as $$ begin raise exception 'ClusterIT refuses deletes'; end $$");
        PostgresDatabases.execute(DATABASE, "create trigger cluster_it_no_fence before delete on key_cache_members"
                + " for each row execute function cluster_it_no_delete()");
        try (GridCut cut = GridCut.between(gridA, gridB)) {
            assertEquals(200, apiB.delete("keys/" + key.getString("id"), manager).status());
            Reply onA = apiA.getWithHeaders("me", "Authorization", "Bearer " + key.getString("api_key"),
                    "X-Forwarded-For", "198.18.203.1");
            assertEquals("key_revoked", onA.code(), "A, neither reached nor fenced, found the change missing: " + onA);
        } finally {
            PostgresDatabases.execute(DATABASE, "drop trigger cluster_it_no_fence on key_cache_members");
            PostgresDatabases.execute(DATABASE, "drop function cluster_it_no_delete()");
        }
        assertTrue(b.log().contains("could not be fenced"), "B said it could not fence A");
    }

    /** The node's member id in the key-cache registrations (from its readiness check). */
    private static String member(Api node) {
        Reply health = node.send("GET", "/health/ready", Auth.NONE, null, null);
        return health.json().getJsonArray("checks").stream().map(jakarta.json.JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("key-checks")).findFirst().orElseThrow()
                .getJsonObject("data").getString("member");
    }

    /** Waits (up to three minutes) until the node reports that it answers key checks from memory. */
    private static boolean awaitMemory(Api node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            Reply health = node.send("GET", "/health/ready", Auth.NONE, null, null);
            if (health.json() != null && health.json().getJsonArray("checks").stream().map(jakarta.json.JsonValue::asJsonObject)
                    .anyMatch(c -> c.getString("name").equals("key-checks")
                            && c.getJsonObject("data").get("memory").toString().contains("true"))) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Drops every packet to and from two grid ports (both directions of the link between the members). */
    private static final class GridCut implements AutoCloseable {

        private final List<List<String>> rules = new ArrayList<>();

        static GridCut between(int... ports) throws Exception {
            GridCut cut = new GridCut();
            String tag = "latchkey-it-" + UUID.randomUUID().toString().substring(0, 8);
            for (int port : ports) {
                for (String direction : List.of("--dport", "--sport")) {
                    List<String> rule = List.of("INPUT", "-p", "tcp", direction, Integer.toString(port), "-m", "comment",
                            "--comment", tag, "-j", "DROP");
                    iptables("-I", rule);
                    cut.rules.add(rule);
                }
            }
            return cut;
        }

        @Override
        public void close() throws Exception {
            for (List<String> rule : rules) {
                iptables("-D", rule);
            }
        }

        private static void iptables(String action, List<String> rule) throws Exception {
            List<String> command = new ArrayList<>(List.of("iptables", "-w", action));
            command.addAll(rule);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("iptables " + action + " failed (the cluster test needs root and iptables): " + output);
            }
        }
    }
}
