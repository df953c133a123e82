package io.latchkey.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nginx (Debian's {@code nginx-light}) started by the test as its own child process: master in the
 * foreground, configuration written from a classpath template, pid, logs and temporary files under
 * {@code dir}, listening on 127.0.0.1 at a port of the test's choice.
 *
 * <p>The template's {@code {{name}}} placeholders are filled from the given values plus {@code {{dir}}}
 * (the prefix directory) and {@code {{port}}} (the listening port); a placeholder without a value fails.
 */
public final class NginxProcess {

    private static final String NGINX = System.getProperty("latchkey.nginx", "/usr/sbin/nginx");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private final Path dir;
    private final int port;
    private final Process process;

    private NginxProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Writes {@code dir/nginx.conf} from {@code template} and starts nginx on it; returns once it accepts connections. */
    public static NginxProcess start(String template, Map<String, String> values, Path dir)
            throws IOException, InterruptedException {
        if (!new File(NGINX).canExecute()) {
            throw new IllegalStateException("Gateway tests need nginx at " + NGINX
                    + " (apt-get install nginx-light); .ci/run installs it");
        }
        Files.createDirectories(dir);
        Path absolute = dir.toAbsolutePath();
        int port = PayaraMicroProcess.freePort();
        Map<String, String> all = new HashMap<>(values);
        all.put("dir", absolute.toString());
        all.put("port", Integer.toString(port));
        Path conf = absolute.resolve("nginx.conf");
        Files.writeString(conf, fill(read(template), all));
        Path output = absolute.resolve("nginx.out");
        Process process = new ProcessBuilder(List.of(NGINX, "-p", absolute + "/", "-c", conf.toString(),
                "-e", absolute.resolve("error.log").toString(), "-g", "daemon off;"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        NginxProcess nginx = new NginxProcess(absolute, port, process);
        nginx.awaitListening(Duration.ofSeconds(20));
        return nginx;
    }

    public int port() {
        return port;
    }

    /** The error log, for failure messages: what nginx said about the upstreams it could not reach. */
    public String errorLog() {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fast shutdown (SIGTERM to the master, which stops its workers); forcibly if that takes too long. */
    public void stop() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("nginx.out")) + errorLog());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        stop();
        throw new IllegalStateException("nginx did not listen on " + port + " within " + timeout + ": " + errorLog());
    }

    private static String read(String template) throws IOException {
        try (InputStream in = NginxProcess.class.getResourceAsStream(template)) {
            if (in == null) {
                throw new IllegalArgumentException("no template " + template + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {{" + placeholder.group(1) + "}}");
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(filled).toString();
    }
}
