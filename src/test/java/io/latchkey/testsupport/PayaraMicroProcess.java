package io.latchkey.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Payara Micro instance started as its own process like in production: a member of a test cluster,
 * or a standalone instance with settings of its own.
 */
public final class PayaraMicroProcess {

    private final String name;
    private final int httpPort;
    private final List<String> command;
    private final Path log;
    private final Map<String, String> environment;
    private Process process;

    /** A member of a test cluster (Hazelcast over TCP on loopback). */
    public PayaraMicroProcess(String name, int httpPort, int gridPort, String members, String clusterName, File war, Path dir,
                              Map<String, String> environment) {
        this(name, httpPort, List.of("--clustermode", "tcpip:" + members, "--interfaces", "127.0.0.1",
                "--clustername", clusterName, "--startport", Integer.toString(gridPort)), war, dir, environment);
    }

    /** A standalone instance whose environment adds or replaces {@code environment}. */
    public PayaraMicroProcess(String name, int httpPort, File war, Path dir, Map<String, String> environment) {
        this(name, httpPort, List.of("--nocluster"), war, dir, environment);
    }

    private PayaraMicroProcess(String name, int httpPort, List<String> grid, File war, Path dir,
                               Map<String, String> environment) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = dir.resolve(name + ".log");
        this.environment = Map.copyOf(environment);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", System.getProperty("payara.microJar"),
                "--name", name,
                "--port", Integer.toString(httpPort)));
        command.addAll(grid);
        command.addAll(List.of(
                "--addlibs", System.getProperty("latchkey.jdbcDriver"),
                "--prebootcommandfile", System.getProperty("latchkey.preBoot"),
                "--postbootcommandfile", System.getProperty("latchkey.postBoot"),
                "--deploy", war.getAbsolutePath(),
                "--contextroot", "/"));
        this.command = List.copyOf(command);
    }

    /** The test WAR, written to {@code dir} for processes to deploy. */
    public static File war(Path dir) throws IOException {
        Files.createDirectories(dir);
        File war = dir.resolve("latchkey.war").toFile();
        Deployments.latchkey().as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class).exportTo(war, true);
        return war;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public void start() throws IOException {
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Waits until the log shows {@code marker}; fails if the process dies or time runs out. */
    public void awaitLog(String marker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(marker)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not log '" + marker + "' within " + timeout + "; see " + log);
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    public URL url() throws IOException {
        return new URL("http://127.0.0.1:" + httpPort + "/");
    }

    public String name() {
        return name;
    }
}
