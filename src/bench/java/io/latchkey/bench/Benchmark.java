package io.latchkey.bench;

import io.latchkey.bench.BenchDatabase.Activity;
import io.latchkey.bench.Report.Figure;
import io.latchkey.bench.Wrk.Load;
import io.latchkey.bench.Wrk.Run;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs the benchmark's scenarios against Latchkey on a fresh database, restarted after each growth of
 * the key table (stored while it is stopped), and writes the report. Settings
 * are system properties (the bench profile of pom.xml sets them): {@code bench.runs} and
 * {@code bench.seconds} per figure, {@code bench.sizes} (stored keys at each stage),
 * {@code bench.jitSeconds} (warm-up after the start), {@code bench.lastUseSeconds},
 * {@code bench.jfr} (a flight recording of the server).
 */
public final class Benchmark {

    private static final String FORWARD = "/api/v1/auth/forward";
    /** The scope every seeded key carries and the forward-auth ratio's route needs. */
    static final String SCOPE = "bench:read";
    /** A gateway names the original method; without it a read-only key is refused (fail closed). */
    private static final List<String> GATEWAY_HEADERS = List.of("X-Forwarded-Method: GET");
    private static final String ADMIN = "admin@latchkey.local";
    private static final String ADMIN_PASSWORD = "bench-admin-password";
    private static final String USER = "bench-user@latchkey.local";
    private static final String USER_PASSWORD = "bench-user-password";
    private static final List<String> OWNERS = List.of("seed-owner-1@latchkey.local", "seed-owner-2@latchkey.local");
    private static final String SEARCH = "billing-3";
    private static final int HOT_KEYS = 1000;
    private static final int FIRST_USE_KEYS = 200;
    private static final Set<Integer> OK = Set.of(200);
    /** {@code -Dbench.only=client}: only the client JAR's figures, on a fresh server (a few minutes). */
    private static final boolean CLIENT_ONLY = "client".equals(System.getProperty("bench.only"));
    private static final Set<Integer> UNAUTHORIZED = Set.of(401);

    private final Path out;
    private final BenchDatabase database;
    private final int runs = Integer.getInteger("bench.runs", 3);
    private final Duration run = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
    private final Duration warmUp = Duration.ofSeconds(5);
    /** Warm-up of each code path after the start: Payara Micro's JIT needs about a minute of load. */
    private final Duration jit = Duration.ofSeconds(Integer.getInteger("bench.jitSeconds", 30));
    private final Duration lastUseWindow = Duration.ofSeconds(Integer.getInteger("bench.lastUseSeconds", 60));
    private final int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "1000,100000,1000000").split(","))
            .mapToInt(size -> Integer.parseInt(size.trim())).toArray();
    private final SeededKeys keys = new SeededKeys("lk");
    private final Report report;
    /** The verification p50 and p99 figures of each stage. */
    private final List<Figure[]> latencies = new ArrayList<>();
    private OtherLoad otherLoad;
    private PayaraMicro server;
    private int starts;
    private Api api;
    private Wrk wrk;
    private String userKey;
    private String organizationId;
    private List<String> ownerIds;

    private Benchmark(String db, Path out) {
        this.out = out;
        this.database = db.equals("postgres") ? BenchDatabase.postgres("latchkey_bench") : BenchDatabase.h2(out.resolve("db"));
        this.report = new Report("Latchkey benchmark on " + (database.isPostgres() ? "PostgreSQL" : "H2"));
    }

    public static void main(String[] args) {
        try {
            String db = System.getProperty("bench.db", "h2");
            Path out = Path.of(System.getProperty("bench.out", "target/bench")).resolve(db).toAbsolutePath();
            Files.createDirectories(out);
            new Benchmark(db, out).run();
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private void run() throws Exception {
        Wrk.ensureInstalled();
        System.out.println("[bench] waiting for a quiet machine (at most 3 minutes)");
        awaitQuietMachine();
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file); // logs, recordings and results of an earlier run
            }
        }
        database.createEmpty();
        Instant started = Instant.now();
        try (OtherLoad otherLoad = new OtherLoad("latchkey_bench"); database) {
            this.otherLoad = otherLoad;
            long otherSince = otherLoad.mark();
            try {
                startServer();
                describeMachine();
                if (CLIENT_ONLY) {
                    clientJar();
                } else {
                    everythingElse();
                }
            } finally {
                stopServer();
            }
            if (!CLIENT_ONLY) {
                latencyGrowth();
            }
            report.machine("Other processes", String.format(Locale.ROOT, "%.2f cores busy on average during the run"
                    + " (not the benchmark's own; more than a few hundredths make the figures unreliable)",
                    otherLoad.coresSince(otherSince, Duration.between(started, Instant.now()).toMillis() / 1e3)));
        }
        report.note(String.format(Locale.ROOT, "Whole run: %d s, including the server's starts and stops and the seeding.",
                Duration.between(started, Instant.now()).toSeconds()));
        report.write(out);
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("load-")).toList()) {
                Files.delete(file); // plaintext keys of a throwaway database; no reason to keep them
            }
        }
        System.out.println("[bench] wrote " + out.resolve("results.md") + " and results.json");
    }

    /** Everything but the client JAR's figures, in the order the report gives them. */
    private void everythingElse() throws Exception {
        String adminKey = setUp();
        grow(sizes[0]);
        flood();
        warmUpWithKey();
        Path hot = verificationAt(0);
        forwardAuthRatio(hot);
        forwardAuthVersusStaticFile(hot);
        clientJar();
        meRatio();
        lastUseWrites(hot);
        int listStage = Math.min((int) Arrays.stream(sizes).takeWhile(size -> size < 100_000).count(), sizes.length - 1);
        for (int stage = 1; stage < sizes.length; stage++) {
            // stored with the server stopped, then compacted: a settled database, as after a gradual growth
            stopServer();
            grow(sizes[stage]);
            startServer();
            warmUpWithKey();
            verificationAt(stage);
            if (stage == listStage) {
                listAndSearch(adminKey, sizes[stage]);
            }
        }
    }

    /** Starts Latchkey (the n-th time: its log and flight recording are numbered). */
    private void startServer() throws Exception {
        starts++;
        Map<String, String> environment = new HashMap<>(database.serverEnvironment());
        environment.put("LATCHKEY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        environment.put("LATCHKEY_SINGLE_INSTANCE", "true");
        environment.put("LATCHKEY_TRUSTED_PROXIES", "127.0.0.1");
        environment.put("LATCHKEY_NOTICE_FIRST_SCAN_DELAY", "PT2H");
        List<String> jvm = Boolean.getBoolean("bench.jfr") ? List.of("-XX:StartFlightRecording=filename="
                + out.resolve("latchkey-" + starts + ".jfr") + ",settings=profile,dumponexit=true") : List.of();
        server = PayaraMicro.latchkey(path("bench.payaraMicro"), path("bench.war"), path("bench.preBoot"), path("bench.postBoot"),
                path("bench.jdbcDriver"), jvm, environment, out.resolve("server-" + starts + ".log"));
        api = new Api(server.base());
        wrk = new Wrk(path("bench.wrkScript"), out.resolve("wrk.log"), server.base(), otherLoad);
    }

    private void stopServer() throws Exception {
        database.disconnect(); // before the server, which holds an H2 database
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private void describeMachine() throws Exception {
        report.machine("Database", database.describe());
        report.machine("CPU", Runtime.getRuntime().availableProcessors() + " cores, "
                + Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.replaceAll(".*:\\s*", "")).orElse("unknown model"));
        report.machine("Memory", String.format(Locale.ROOT, "%.1f GiB",
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        report.machine("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        report.machine("JVM (server and driver)", System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", default heap");
        report.machine("Server", "Payara Micro " + System.getProperty("bench.payaraVersion", "?")
                + ", one instance (--nocluster, LATCHKEY_SINGLE_INSTANCE=true: key checks from memory)");
        report.machine("Load", Wrk.version() + ", 1 thread, on the same machine over loopback");
        report.machine("Runs", runs + " × " + run.toSeconds() + " s per figure after " + jit.toSeconds()
                + " s of JIT warm-up per code path and " + warmUp.toSeconds() + " s before each figure; figures are medians,"
                + " ratios the median of the ratios of adjacent runs");
        Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
        report.machine("Commit", new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        report.machine("Date", Instant.now().toString());
        report.note("Keys are stored with JDBC batch inserts straight into api_keys (SHA-256 digests of keys made with the"
                + " application's SecretCodec), owned by two token managers made through the API, in the bootstrap"
                + " organization, all active; the /me user, its key and the admin key are made through the API.");
        report.note("Settings: LATCHKEY_SINGLE_INSTANCE=true, LATCHKEY_TRUSTED_PROXIES=127.0.0.1 (the flood's X-Forwarded-For"
                + " is believed), LATCHKEY_NOTICE_FIRST_SCAN_DELAY=PT2H (keeps the hourly expiry scan out of the"
                + " measurements); throttle and last-use flush interval at their defaults."
                + (database.isPostgres() ? "" : " H2 is opened with AUTO_SERVER=TRUE so that the benchmark can reach it"
                + " while the server runs."));
    }

    /**
     * The user of the /me comparison and its key, an admin key (returned), and the owners of the stored
     * keys, all via the API.
     */
    private String setUp() throws Exception {
        String admin = Api.basic(ADMIN, ADMIN_PASSWORD);
        for (String email : Stream.concat(Stream.of(USER), OWNERS.stream()).toList()) {
            api.create("/api/v1/users", admin, Json.createObjectBuilder().add("email", email).add("name", "Bench")
                    .add("password", USER_PASSWORD).add("roles", Json.createArrayBuilder().add("token-manager")).build());
        }
        userKey = api.create("/api/v1/keys", Api.basic(USER, USER_PASSWORD), Json.createObjectBuilder()
                .add("description", "bench").add("access", "read_write").build()).getString("api_key");
        String adminKey = api.create("/api/v1/keys", admin, Json.createObjectBuilder()
                .add("description", "bench admin").add("access", "read_only").build()).getString("api_key");
        organizationId = database.userAndOrganization(ADMIN)[1];
        ownerIds = new ArrayList<>();
        for (String owner : OWNERS) {
            ownerIds.add(database.userAndOrganization(owner)[0]);
        }
        return adminKey;
    }

    private void grow(int size) throws Exception {
        long start = System.nanoTime();
        while (keys.count() < size) {
            database.insertKeys(keys.next(Math.min(50_000, size - keys.count())), sizes[sizes.length - 1], organizationId, ownerIds);
        }
        double seeding = (System.nanoTime() - start) / 1e9;
        long settling = System.nanoTime();
        String settled = database.settle(server == null);
        report.note(String.format(Locale.ROOT, "%,d keys stored in %.0f s%s.", size, seeding, settled == null
                ? " while the server ran" : String.format(Locale.ROOT, " with the server stopped, then %s in %.0f s", settled,
                (System.nanoTime() - settling) / 1e9)));
    }

    /**
     * Waits until the whole machine's CPUs are at most 10 % busy for 5 s in a row (at most 3 minutes): the
     * figures are only worth something on an otherwise idle machine.
     */
    private static void awaitQuietMachine() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long[] previous = cpuTicks();
        int quietSeconds = 0;
        while (quietSeconds < 5 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long[] now = cpuTicks();
            double busy = (double) (now[0] - previous[0]) / Math.max(1, now[1] - previous[1]);
            quietSeconds = busy <= 0.10 ? quietSeconds + 1 : 0;
            previous = now;
        }
    }

    /** Busy and total jiffies of all CPUs ({@code /proc/stat}). */
    private static long[] cpuTicks() throws IOException {
        long[] fields = Arrays.stream(Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"))
                .skip(1).mapToLong(Long::parseLong).toArray();
        long total = Arrays.stream(fields).sum();
        long idle = fields[3] + fields[4]; // idle, iowait
        return new long[] {total - idle, total};
    }

    private static Load forward(String name, Path credentials, boolean spreadAddresses) {
        return forward(name, FORWARD, credentials, spreadAddresses);
    }

    private static Load forward(String name, String path, Path credentials, boolean spreadAddresses) {
        return new Load(name, path, credentials, credentials == null ? "none" : "x-api-key", spreadAddresses, GATEWAY_HEADERS);
    }

    /**
     * Goal 3: malformed and wrong-checksum keys from many client addresses never reach the database. Runs
     * before any stored key is used, so that no last-use write falls into the count.
     */
    private void flood() throws Exception {
        Load flood = forward("flood of invalid keys", write("load-invalid.txt", keys.invalid(1000)), true);
        Set<Integer> refused = Set.of(401, 429);
        wrk.run(forward("warm-up, no credentials", null, false), 8, jit, UNAUTHORIZED);
        wrk.run(flood, 8, jit, refused);
        Thread.sleep(database.settleMillis());
        database.startCounting();
        Activity before = database.activity();
        List<Run> floods = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            floods.add(wrk.run(flood, 8, run, refused)); // no retries: the count must cover every request
        }
        Thread.sleep(database.settleMillis());
        Activity caused = database.activity().minus(before);
        Map<String, Long> statements = database.statementsByText();
        database.stopCounting();
        long requests = floods.stream().mapToLong(Run::requests).sum();
        long throttled = floods.stream().mapToLong(r -> r.count(429)).sum();
        Figure rate = report.figure("flood of invalid keys on " + FORWARD + " (X-API-Key; half wrong checksum, half"
                + " malformed; a client address per request), 8 connections", "req/s",
                floods.stream().map(Run::perSecond).toList(), floods);
        String unit = database.isPostgres() ? "table accesses" : "statements";
        String counted = database.isPostgres() ? "pg_stat_user_tables scans + rows written" : "H2 QUERY_STATISTICS executions";
        report.figure(String.format(Locale.ROOT, "SQL on api_keys/users during the flood's %,d requests (%s)", requests, counted),
                unit, List.of((double) caused.onKeys()), List.of());
        report.figure("SQL on other tables meanwhile (background: the key-cache lease, renewed every 2 s)", unit,
                List.of((double) caused.onOthers()), List.of());
        if (!statements.isEmpty()) {
            report.note("Statements executed during the flood (H2, by text): " + statements);
        }
        report.goal("Flood of malformed / wrong-checksum keys: SQL on keys and users", String.format(Locale.ROOT,
                "%,d %s for %,d requests at %s req/s (429: %.1f %%)", caused.onKeys(), unit, requests,
                Report.format(rate.median(), "req/s"), 100.0 * throttled / requests), "0", caused.onKeys() == 0);
    }

    /**
     * Warms the paths of a valid key (after each start) with the API-made user key only, so that the
     * stored keys stay unused until their first use is measured.
     */
    private void warmUpWithKey() throws Exception {
        Path key = write("load-user-key.txt", List.of(userKey));
        wrk.run(forward("warm-up, valid key", key, false), 8, jit, OK);
        wrk.run(new Load("warm-up, /me by key", "/api/v1/me", key, "bearer"), 8, jit.dividedBy(2), OK);
    }

    /** Goal 4 (one stage): latency of valid keys spread over 1,000 keys, and of keys used for the first time. */
    private Path verificationAt(int stage) throws Exception {
        int size = sizes[stage];
        String label = String.format(Locale.ROOT, "%,d keys", size);
        List<String> fresh = keys.spread(stage == 0 ? 0 : sizes[stage - 1], size, FIRST_USE_KEYS);
        List<Double> firstUse = api.latenciesOfEach(FORWARD, Map.of("X-Forwarded-Method", "GET"), fresh);
        report.figure("first use of a key (" + firstUse.size() + " keys never used before, one request at a time) p50, "
                + label, "ms", List.of(Report.percentile(firstUse, 50)), List.of());
        report.figure("first use of a key, p99, " + label, "ms", List.of(Report.percentile(firstUse, 99)), List.of());
        Path hot = write("load-hot-" + size + ".txt", keys.spread(0, size, HOT_KEYS));
        Load load = forward("verification, " + label, hot, false);
        wrk.run(load, 1, warmUp, OK);
        List<Run> measured = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            measured.add(wrk.measure(load, 1, run, OK));
        }
        latencies.add(new Figure[] {
            report.figure("verification p50 (" + FORWARD + ", valid keys spread over 1,000, 1 connection), "
                    + label, "ms", measured.stream().map(Run::p50Millis).toList(), measured),
            report.figure("verification p99 (same), " + label, "ms", measured.stream().map(Run::p99Millis).toList(), List.of())});
        report.figure("verification throughput (same), " + label, "req/s", measured.stream().map(Run::perSecond).toList(), List.of());
        return hot;
    }

    /** Goal 4: growth of p50 and p99 from the first to the last stage. */
    private void latencyGrowth() {
        Figure[] first = latencies.get(0);
        Figure[] last = latencies.get(latencies.size() - 1);
        double p50 = last[0].median() / first[0].median();
        double p99 = last[1].median() / first[1].median();
        report.goal(String.format(Locale.ROOT, "Verification latency growth, %,d → %,d keys", sizes[0], sizes[sizes.length - 1]),
                String.format(Locale.ROOT, "p50 ×%.2f (%s → %s ms), p99 ×%.2f (%s → %s ms)",
                        p50, Report.format(first[0].median(), "ms"), Report.format(last[0].median(), "ms"),
                        p99, Report.format(first[1].median(), "ms"), Report.format(last[1].median(), "ms")),
                "≤ ×1.2 each", p50 <= 1.2 && p99 <= 1.2);
    }

    /**
     * Goal 1: a valid key costs about what a request without credentials costs, on a route that needs a scope
     * (every seeded key carries it): checking scopes adds nothing worth measuring.
     */
    private void forwardAuthRatio(Path hot) throws Exception {
        String route = FORWARD + "?scope=" + SCOPE;
        Figure[] figures = pairs(forward("valid key", route, hot, false), 8, OK, forward("no credentials", route, null, false), 8,
                UNAUTHORIZED, "GET " + route + ", valid key with the scope (X-API-Key, 1,000 keys), 8 connections",
                "GET " + route + ", no credentials (401), 8 connections", "ratio valid key ÷ no credentials");
        report.goal("Forward-auth with a valid key ÷ without credentials (req/s)", String.format(Locale.ROOT, "%.2f (%s ÷ %s)",
                figures[2].median(), Report.format(figures[0].median(), "req/s"), Report.format(figures[1].median(), "req/s")),
                "≥ 0.90", figures[2].median() >= 0.90);
    }

    /**
     * Forward-auth with a valid key against a static file of the same Latchkey (the console's stylesheet): what the
     * whole request path costs beside the container's own cheapest answer.
     */
    private void forwardAuthVersusStaticFile(Path hot) throws Exception {
        String route = FORWARD + "?scope=" + SCOPE;
        Load file = new Load("static file", "/console/app.css", null, "none");
        Figure[] figures = pairs(wrk, forward("valid key", route, hot, false), 8, OK, file, 8, OK,
                "GET " + route + ", valid key with the scope (X-API-Key, 1,000 keys), 8 connections, beside the static file",
                "GET /console/app.css, no credentials, 8 connections", "ratio forward-auth ÷ static file");
        report.goal("Forward-auth with a valid key ÷ a static file of the same server (req/s)", String.format(Locale.ROOT,
                "%.2f (%s ÷ %s)", figures[2].median(), Report.format(figures[0].median(), "req/s"),
                Report.format(figures[1].median(), "req/s")), "≥ 0.60", figures[2].median() >= 0.60);
    }

    /**
     * The Jakarta EE client JAR (README, "Protect your own Jakarta EE app"): the benchmark's application on a Payara Micro
     * of its own, once with the JAR and once without authentication. Its throughput with 100 keys (cache hits) ÷ without
     * authentication; the in-process check's p99 on a cache hit, timed in the application; and revocation: requests let
     * in after {@code DELETE /keys/{id}} returned, and the time to the first refusal.
     */
    private void clientJar() throws Exception {
        String admin = Api.basic(ADMIN, ADMIN_PASSWORD);
        api.create("/api/v1/services", admin, Json.createObjectBuilder().add("name", "orders")
                .add("scopes", Json.createArrayBuilder().add(Json.createObjectBuilder().add("name", "orders:read"))).build());
        String verifier = api.create("/api/v1/users", admin, Json.createObjectBuilder().add("email", "bench-verifier@latchkey.local")
                .add("name", "Orders app").add("password", USER_PASSWORD).add("roles", Json.createArrayBuilder().add("verifier"))
                .build()).getString("id");
        String verifierKey = api.create("/api/v1/keys", admin, Json.createObjectBuilder().add("description", "orders app")
                .add("access", "read_only").add("owner_id", verifier).build()).getString("api_key");
        // owners of their own: the admin's keys are at the organization's limit by now (100 active keys per user)
        String loadOwner = ordersOwner(admin, "bench-orders-load@latchkey.local");
        String revokedOwner = ordersOwner(admin, "bench-orders-revoked@latchkey.local");
        List<String> clientKeys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clientKeys.add(orderKey(admin, loadOwner).getString("api_key"));
        }
        Path keysFile = write("load-client-keys.txt", clientKeys);
        try (PayaraMicro apps = PayaraMicro.applications(path("bench.payaraMicro"), Boolean.getBoolean("bench.jfr")
                ? List.of("-XX:StartFlightRecording=filename=" + out.resolve("applications.jfr") + ",settings=profile,dumponexit=true")
                : List.of(), BenchApps.write(out, server.base(), verifierKey),
                out.resolve("applications.log"), "/orders-open/api/catalog")) {
            Wrk appWrk = new Wrk(path("bench.wrkScript"), out.resolve("wrk.log"), apps.base(), otherLoad);
            Load withJar = new Load("orders, client JAR", "/orders-jar/api/orders", keysFile, "x-api-key");
            Load open = new Load("catalog, no authentication", "/orders-open/api/catalog", null, "none");
            appWrk.run(withJar, 8, jit, OK);
            appWrk.run(open, 8, jit, OK);
            Figure[] figures = pairs(appWrk, withJar, 8, OK, open, 8, OK,
                    "Application with the client JAR, GET /api/orders (@RolesAllowed, 100 keys, cache hits), 8 connections",
                    "The same application without the JAR or authentication, GET /api/catalog, 8 connections",
                    "ratio client JAR ÷ no authentication");
            report.goal("Application with the client JAR ÷ the same application without authentication (req/s)",
                    String.format(Locale.ROOT, "%.2f (%s ÷ %s)", figures[2].median(), Report.format(figures[0].median(), "req/s"),
                            Report.format(figures[1].median(), "req/s")), "≥ 0.90", figures[2].median() >= 0.90);
            // where the rest goes: the container's Jakarta Security work per request, apart from the JAR's own
            Load constant = warmedWithoutKey(appWrk, "orders, a mechanism that checks nothing", "/orders-constant/api/orders");
            pairs(appWrk, constant, 8, OK, open, 8, OK,
                    "The same application with a mechanism that lets everyone in unchecked (EveryoneIn), 8 connections",
                    "The same application without authentication, 8 connections", "ratio unchecked mechanism ÷ no authentication");
            pairs(appWrk, withJar, 8, OK, constant, 8, OK, "Application with the client JAR (beside the unchecked mechanism)",
                    "The same application with the unchecked mechanism, 8 connections", "ratio client JAR ÷ unchecked mechanism");
            // and one layer down: the container's authentication without the Jakarta Security bridge above it
            Load module = warmedWithoutKey(appWrk, "orders, an authentication module that checks nothing",
                    "/orders-module/api/orders");
            pairs(appWrk, module, 8, OK, open, 8, OK,
                    "The same application with a Jakarta Authentication module that lets everyone in (EveryoneInModule)",
                    "The same application without authentication, 8 connections", "ratio unchecked module ÷ no authentication");
            pairs(appWrk, constant, 8, OK, module, 8, OK, "The unchecked mechanism (the Jakarta Security bridge per request)",
                    "The unchecked module, 8 connections", "ratio unchecked mechanism ÷ unchecked module");

            Api app = new Api(apps.base());
            Map<String, String> key = Map.of("X-Bench-Key", clientKeys.get(0));
            app.json("/orders-jar/api/check-timings?n=200000", key); // the JIT's turn
            JsonObject timings = app.json("/orders-jar/api/check-timings?n=200000", key);
            if (!timings.getBoolean("valid")) {
                throw new IllegalStateException("the in-process check refused a good key: " + timings);
            }
            double p99 = timings.getJsonNumber("p99_ns").longValue() / 1e3;
            report.goal("The client JAR's in-process check on a cache hit, p99", String.format(Locale.ROOT,
                    "%.1f µs (p50 %.1f µs, max %.0f µs; 200,000 checks of one key through the container's IdentityStoreHandler)",
                    p99, timings.getJsonNumber("p50_ns").longValue() / 1e3, timings.getJsonNumber("max_ns").longValue() / 1e3),
                    "≤ 50 µs", p99 <= 50);
            revocation(admin, revokedOwner, app);
        }
    }

    /** A load of the benchmark's application without credentials, after its code path's JIT warm-up. */
    private Load warmedWithoutKey(Wrk wrk, String name, String path) throws Exception {
        Load load = new Load(name, path, null, "none");
        wrk.run(load, 8, jit, OK);
        return load;
    }

    private String ordersOwner(String admin, String email) throws Exception {
        return api.create("/api/v1/users", admin, Json.createObjectBuilder().add("email", email).add("name", "Orders client")
                .add("password", USER_PASSWORD).add("roles", Json.createArrayBuilder().add("token-manager")).build())
                .getString("id");
    }

    private JsonObject orderKey(String admin, String owner) throws Exception {
        return api.create("/api/v1/keys", admin, Json.createObjectBuilder().add("description", "orders client")
                .add("access", "read_only").add("owner_id", owner).add("scopes", Json.createArrayBuilder().add("orders:read"))
                .build());
    }

    /** Twenty keys, each used until the application has it cached, revoked, then asked for at once until refused. */
    private void revocation(String admin, String owner, Api app) throws Exception {
        List<Double> millis = new ArrayList<>();
        int letIn = 0;
        for (int round = 0; round < 20; round++) {
            JsonObject key = orderKey(admin, owner);
            Map<String, String> headers = Map.of("X-API-Key", key.getString("api_key"));
            for (int use = 0; use < 3; use++) {
                if (app.status("/orders-jar/api/orders", headers) != 200) {
                    throw new IllegalStateException("the application refused a good key");
                }
            }
            if (api.delete("/api/v1/keys/" + key.getString("id"), admin) != 200) {
                throw new IllegalStateException("DELETE /keys/{id} failed");
            }
            long returned = System.nanoTime();
            while (app.status("/orders-jar/api/orders", headers) == 200) {
                letIn++;
            }
            millis.add((System.nanoTime() - returned) / 1e6);
        }
        Figure refusal = report.figure("Client JAR: from DELETE /keys/{id} returning to the application's first refusal"
                + " (one request's round trip included), 20 keys each used 3 times first", "ms", millis, List.of());
        report.goal("Client JAR: requests let in after DELETE /keys/{id} returned", String.format(Locale.ROOT,
                "%d of 20 revocations (first refusal after %.1f ms, median)", letIn, refusal.median()), "0", letIn == 0);
    }

    /** Goal 2: a key is far cheaper than a password for the same user and resource. */
    private void meRatio() throws Exception {
        Load key = new Load("/me by key", "/api/v1/me", out.resolve("load-user-key.txt"), "bearer");
        Load basic = new Load("/me by Basic", "/api/v1/me", write("load-user-basic.txt", List.of(Api.basic(USER, USER_PASSWORD))),
                "basic");
        Figure[] figures = pairs(key, 8, OK, basic, 2, OK, "GET /api/v1/me, key (Bearer), 8 connections",
                "GET /api/v1/me, Basic (PBKDF2, 600,000 iterations), 2 connections", "ratio key ÷ Basic");
        report.goal("GET /me with a key ÷ with Basic, same user (req/s)", String.format(Locale.ROOT, "%.0f× (%s ÷ %s)",
                figures[2].median(), Report.format(figures[0].median(), "req/s"), Report.format(figures[1].median(), "req/s")),
                "≥ 50×", figures[2].median() >= 50);
    }

    /** Pairs of adjacent runs of two loads; figures of each one's req/s and of the ratio within each pair. */
    private Figure[] pairs(Load a, int aConnections, Set<Integer> aExpected, Load b, int bConnections, Set<Integer> bExpected,
                           String aName, String bName, String ratioName) throws Exception {
        return pairs(wrk, a, aConnections, aExpected, b, bConnections, bExpected, aName, bName, ratioName);
    }

    /** The same, with a wrk pointed at another server. */
    private Figure[] pairs(Wrk wrk, Load a, int aConnections, Set<Integer> aExpected, Load b, int bConnections,
                           Set<Integer> bExpected, String aName, String bName, String ratioName) throws Exception {
        wrk.run(a, aConnections, warmUp, aExpected);
        List<Run> aRuns = new ArrayList<>();
        List<Run> bRuns = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // alternate which goes first, so that a drift (the JIT still improving, say) does not favour one
            if (i % 2 == 0) {
                aRuns.add(wrk.measure(a, aConnections, run, aExpected));
                bRuns.add(wrk.measure(b, bConnections, run, bExpected));
            } else {
                bRuns.add(wrk.measure(b, bConnections, run, bExpected));
                aRuns.add(wrk.measure(a, aConnections, run, aExpected));
            }
            ratios.add(aRuns.get(i).perSecond() / bRuns.get(i).perSecond());
        }
        Function<List<Run>, List<Double>> rates = list -> list.stream().map(Run::perSecond).toList();
        return new Figure[] {report.figure(aName, "req/s", rates.apply(aRuns), aRuns),
            report.figure(bName, "req/s", rates.apply(bRuns), bRuns), report.figure(ratioName, "×", ratios, List.of())};
    }

    /** Goal 6: how often each key's last use is written under sustained use of 1,000 keys (default flush interval). */
    private void lastUseWrites(Path hot) throws Exception {
        Load load = forward("sustained use of 1,000 keys", hot, false);
        Duration lead = Duration.ofSeconds(10);
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> {
            try {
                return wrk.run(load, 4, lead.plus(lastUseWindow).plus(lead), OK);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(lead.toMillis());
        database.startCounting();
        Activity before = database.activity();
        long start = System.nanoTime();
        Thread.sleep(lastUseWindow.toMillis());
        Activity during = database.activity().minus(before);
        double minutes = (System.nanoTime() - start) / 60e9;
        database.stopCounting();
        Run sustained = running.get(lead.plus(lastUseWindow).toSeconds() + 120, TimeUnit.SECONDS);
        // to two decimals: a window's edges can cut into a flush, which adds or drops a few of its writes
        double perKeyMinute = Math.round(during.lastUseUpdates() * 100.0 / HOT_KEYS / minutes) / 100.0;
        report.figure(String.format(Locale.ROOT, "last-use writes per key and minute (%,d keys in use at %s req/s; %s in a"
                + " %d s window)", HOT_KEYS, Report.format(sustained.perSecond(), "req/s"),
                database.isPostgres() ? "api_keys rows updated" : "last-use UPDATE statements", lastUseWindow.toSeconds()),
                "×", List.of(perKeyMinute), List.of(sustained));
        report.goal(String.format(Locale.ROOT, "Last-use writes per key per minute, %,d keys in sustained use", HOT_KEYS),
                String.format(Locale.ROOT, "%.2f (%,d writes in %.2f min)", perKeyMinute, during.lastUseUpdates(), minutes),
                "≤ 1", perKeyMinute <= 1);
    }

    /** Goal 5: an admin's list and search over 100,000 keys of one organization. */
    private void listAndSearch(String adminKey, int size) throws Exception {
        Path credentials = write("load-admin-key.txt", List.of(adminKey));
        Load list = new Load("list", "/api/v1/keys", credentials, "x-api-key");
        Load search = new Load("search", "/api/v1/keys?q=" + SEARCH, credentials, "x-api-key");
        wrk.run(list, 1, warmUp, OK);
        wrk.run(search, 1, warmUp, OK);
        List<Run> lists = new ArrayList<>();
        List<Run> searches = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            lists.add(wrk.measure(list, 1, run, OK));
            searches.add(wrk.measure(search, 1, run, OK));
        }
        String label = String.format(Locale.ROOT, "%,d keys in the organization, admin key, 1 connection", size);
        Figure a = report.figure("GET /api/v1/keys (first page of 50) p95, " + label, "ms",
                lists.stream().map(Run::p95Millis).toList(), lists);
        Figure b = report.figure("GET /api/v1/keys?q=" + SEARCH + " (1 % of keys match) p95, " + label, "ms",
                searches.stream().map(Run::p95Millis).toList(), searches);
        report.goal(String.format(Locale.ROOT, "List and search p95, %,d keys", size), String.format(Locale.ROOT,
                "list %s ms, search %s ms", Report.format(a.median(), "ms"), Report.format(b.median(), "ms")), "< 50 ms each",
                a.median() < 50 && b.median() < 50);
    }

    private Path write(String name, List<String> lines) throws IOException {
        return Files.write(out.resolve(name), lines);
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set (the bench profile sets it)");
        }
        return Path.of(value).toAbsolutePath();
    }
}
