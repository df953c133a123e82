package io.latchkey.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.Api;
import io.latchkey.testsupport.Api.Auth;
import io.latchkey.testsupport.Api.Reply;
import io.latchkey.testsupport.MailServer;
import io.latchkey.testsupport.PayaraMicroProcess;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Payara Micro instances, clustered with Hazelcast over TCP on loopback, on one PostgreSQL
 * database: one system. Runs with {@code -Ppostgres}.
 */
@EnabledIfSystemProperty(named = "latchkey.db", matches = "postgres")
class ClusterIT {

    private static final String PASSWORD = "cluster-password-1";
    private static final Duration START = Duration.ofMinutes(4);
    private static PayaraMicroProcess a;
    private static PayaraMicroProcess b;
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
        int gridA = PayaraMicroProcess.freePort();
        int gridB = PayaraMicroProcess.freePort();
        String members = "127.0.0.1:" + gridA + ",127.0.0.1:" + gridB;
        String cluster = "latchkey-it-" + UUID.randomUUID().toString().substring(0, 8);
        a = new PayaraMicroProcess("node-a", PayaraMicroProcess.freePort(), gridA, members, cluster, war, dir);
        b = new PayaraMicroProcess("node-b", PayaraMicroProcess.freePort(), gridB, members, cluster, war, dir);
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

        a.start();
        a.awaitLog("ready in", START);
        a.awaitLog("DG Size: 2", Duration.ofMinutes(1));
        assertEquals(200, apiA.get("me", byKey).status());
        assertEquals("survivor", apiA.get("keys/" + key.getString("id"), manager).data().getString("description"));
    }
}
