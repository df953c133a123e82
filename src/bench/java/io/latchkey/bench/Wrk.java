package io.latchkey.bench;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** wrk, as a process of its own on loopback, with {@code src/bench/wrk/latchkey.lua}. */
final class Wrk {

    /**
     * What to request: a path, with a credential per request from a file (or none) in a scheme, from one
     * client address or a new one each time, with {@code headers} ("Name: value") on every request.
     */
    record Load(String name, String path, Path credentials, String scheme, boolean spreadAddresses, List<String> headers) {

        Load(String name, String path, Path credentials, String scheme) {
            this(name, path, credentials, scheme, false, List.of());
        }
    }

    /** One run's figures, and how many cores other processes kept busy meanwhile. */
    record Run(long requests, double seconds, double p50Millis, double p95Millis, double p99Millis, long socketErrors,
               Map<Integer, Long> statuses, double otherCores) {

        double perSecond() {
            return requests / seconds;
        }

        long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }
    }

    /** Other processes' load above which a run is not trusted. */
    static final double BUSY_CORES = 0.1;

    private final Path script;
    private final Path log;
    private final String base;
    private final OtherLoad otherLoad;

    Wrk(Path script, Path log, String base, OtherLoad otherLoad) {
        this.script = script;
        this.log = log;
        this.base = base;
        this.otherLoad = otherLoad;
    }

    /** Installs Debian's wrk when it is missing. */
    static void ensureInstalled() throws IOException, InterruptedException {
        if (new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() != 0
                && new ProcessBuilder("apt-get", "install", "-y", "wrk").inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("wrk is missing and 'apt-get install -y wrk' failed");
        }
    }

    static String version() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.lines().findFirst().orElse("wrk").replaceAll(" Copyright.*", "").trim();
    }

    /**
     * Runs the load for a figure: like {@link #run}, but a run during which other processes kept more than
     * {@value #BUSY_CORES} cores busy is done again once they are quiet, twice at most, while the whole
     * benchmark has waited less than 5 minutes for quiet.
     */
    Run measure(Load load, int connections, Duration duration, Set<Integer> expected) throws IOException, InterruptedException {
        Run run = run(load, connections, duration, expected);
        for (int retry = 0; retry < 2 && run.otherCores() > BUSY_CORES && otherLoad.awaitQuiet(); retry++) {
            run = run(load, connections, duration, expected);
        }
        return run;
    }

    /**
     * Runs the load; fails when a response had a status outside {@code expected}, or a socket error
     * or timeout happened.
     */
    Run run(Load load, int connections, Duration duration, Set<Integer> expected) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", "10s", "--latency", "-s", script.toString(), base + load.path(), "--",
                load.credentials() == null ? "-" : load.credentials().toString(), load.scheme(),
                load.spreadAddresses() ? "spread" : "same"));
        command.addAll(load.headers());
        Instant started = Instant.now(); // in the log, to find a run in a flight recording
        long otherSince = otherLoad.mark();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double otherCores = otherLoad.coresSince(otherSince, Duration.between(started, Instant.now()).toMillis() / 1e3);
        Files.writeString(log, "### " + started + " " + load.name() + " -c" + connections + " " + duration.toSeconds() + "s\n"
                        + out + String.format(Locale.ROOT, "other processes: %.2f cores%n%n", otherCores),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        String line = out.lines().filter(l -> l.startsWith("BENCH ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk (exit " + exit + ") printed no figures for " + load.name()
                        + "; see " + log));
        JsonObject figures = Json.createReader(new StringReader(line.substring(6))).readObject();
        Map<Integer, Long> statuses = new TreeMap<>();
        figures.getJsonObject("statuses").forEach((status, count) ->
                statuses.put(Integer.valueOf(status), ((JsonNumber) count).longValue()));
        Run run = new Run(figures.getJsonNumber("requests").longValue(), figures.getJsonNumber("duration_us").longValue() / 1e6,
                figures.getJsonNumber("p50_us").longValue() / 1e3, figures.getJsonNumber("p95_us").longValue() / 1e3,
                figures.getJsonNumber("p99_us").longValue() / 1e3, figures.getJsonNumber("socket_errors").longValue(), statuses,
                otherCores);
        if (!expected.containsAll(statuses.keySet()) || run.socketErrors() > 0 || run.requests() == 0) {
            throw new IllegalStateException(load.name() + ": expected only " + expected + " but got " + statuses + " and "
                    + run.socketErrors() + " socket errors or timeouts; see " + log);
        }
        return run;
    }
}
