package io.latchkey.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One Payara Micro instance of a test cluster, started as its own process like in production. */
final class PayaraMicroProcess {

    private final String name;
    private final int httpPort;
    private final List<String> command;
    private final Path log;
    private Process process;

    PayaraMicroProcess(String name, int httpPort, int gridPort, String members, String clusterName, File war, Path dir) {
        this.name = name;
        this.httpPort = httpPort;
        this.log = dir.resolve(name + ".log");
        this.command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", System.getProperty("payara.microJar"),
                "--name", name,
                "--port", Integer.toString(httpPort),
                "--clustermode", "tcpip:" + members,
                "--interfaces", "127.0.0.1",
                "--clustername", clusterName,
                "--startport", Integer.toString(gridPort),
                "--addlibs", System.getProperty("latchkey.jdbcDriver"),
                "--prebootcommandfile", System.getProperty("latchkey.preBoot"),
                "--postbootcommandfile", System.getProperty("latchkey.postBoot"),
                "--deploy", war.getAbsolutePath(),
                "--contextroot", "/");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    void start() throws IOException {
        Files.deleteIfExists(log);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the log shows {@code marker}; fails if the process dies or time runs out. */
    void awaitLog(String marker, Duration timeout) throws IOException, InterruptedException {
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

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    URL url() throws IOException {
        return new URL("http://127.0.0.1:" + httpPort + "/");
    }

    String name() {
        return name;
    }
}
