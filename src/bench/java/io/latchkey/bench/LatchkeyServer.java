package io.latchkey.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Latchkey on Payara Micro, started like the run profile starts it ({@code --nocluster}, the
 * server-config files, the WAR at {@code /}), as a process of its own.
 */
final class LatchkeyServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private LatchkeyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the server and waits until its health is UP. {@code jvmOptions} go before {@code -jar}
     * (a flight recording, say).
     */
    static LatchkeyServer start(Path payaraMicro, Path war, Path preBoot, Path postBoot, Path jdbcDriver,
                                List<String> jvmOptions, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", payaraMicro.toString(), "--nocluster", "--port", Integer.toString(port),
                "--addlibs", jdbcDriver.toString(), "--prebootcommandfile", preBoot.toString(),
                "--postbootcommandfile", postBoot.toString(), "--deploy", war.toString(), "--contextroot", "/"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        LatchkeyServer server = new LatchkeyServer(builder.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly));
        server.awaitHealth(Duration.ofMinutes(5));
        return server;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitHealth(Duration timeout) throws InterruptedException, IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base() + "/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Latchkey exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("Latchkey was not UP within " + timeout + "; see " + log);
    }

    /** Stops the server as an operator would (SIGTERM), so that it flushes what it holds and ends a recording. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
