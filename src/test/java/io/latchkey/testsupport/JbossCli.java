package io.latchkey.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** WildFly's management CLI, connected to the server under test; its output goes to {@code cli.log} in a folder. */
public final class JbossCli {

    private JbossCli() {
    }

    /** Runs {@code jboss-cli.sh --connect} with these arguments; fails the test, showing the output, unless it exits 0. */
    public static void run(Path wildflyHome, Path dir, String... arguments) {
        List<String> command = new ArrayList<>(List.of(wildflyHome.resolve("bin/jboss-cli.sh").toString(), "--connect"));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("cli.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertEquals(0, process.waitFor(), () -> "failed: " + String.join(" ", command) + "\n" + read(log));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
