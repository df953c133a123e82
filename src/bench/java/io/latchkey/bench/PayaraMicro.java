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
 * A Payara Micro as a process of its own: Latchkey, started like the run profile starts it ({@code --nocluster}, the
 * server-config files, the WAR at {@code /}), or applications next to it (each WAR at its own name).
 */
final class PayaraMicro implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PayaraMicro(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Latchkey and waits until its health is UP. {@code jvmOptions} go before {@code -jar}
     * (a flight recording, say).
     */
    static PayaraMicro latchkey(Path payaraMicro, Path war, Path preBoot, Path postBoot, Path jdbcDriver,
                                List<String> jvmOptions, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        return start(payaraMicro, jvmOptions, List.of("--addlibs", jdbcDriver.toString(), "--prebootcommandfile",
                preBoot.toString(), "--postbootcommandfile", postBoot.toString(), "--deploy", war.toString(),
                "--contextroot", "/"), environment, log, "/health");
    }

    /** Starts applications, each at its WAR's name, and waits until {@code upPath} answers 200. */
    static PayaraMicro applications(Path payaraMicro, List<String> jvmOptions, List<Path> wars, Path log, String upPath)
            throws IOException, InterruptedException {
        List<String> deploy = new ArrayList<>();
        wars.forEach(war -> deploy.addAll(List.of("--deploy", war.toString())));
        return start(payaraMicro, jvmOptions, deploy, Map.of(), log, upPath);
    }

    private static PayaraMicro start(Path payaraMicro, List<String> jvmOptions, List<String> options,
                                     Map<String, String> environment, Path log, String upPath)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", payaraMicro.toString(), "--nocluster", "--port", Integer.toString(port)));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        PayaraMicro server = new PayaraMicro(builder.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly));
        server.awaitUp(upPath, Duration.ofMinutes(5));
        return server;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitUp(String path, Duration timeout) throws InterruptedException, IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
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
        throw new IllegalStateException(path + " did not answer 200 within " + timeout + "; see " + log);
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
