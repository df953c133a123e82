package io.latchkey.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After the test class: the server filed no incident report that names the application. Open Liberty
 * writes one (an FFDC file in {@code logs/ffdc/}) for every exception it considers a fault, once per kind
 * and place in a server's run; a refusal or a client's bad input must never be one. Checked where the
 * server keeps such reports ({@code latchkey.serverLogs}, set by the liberty profile, whose server starts
 * afresh for each run); elsewhere it checks nothing. Reports that name only the server's own code are a
 * server's business and are left out.
 * Register it with {@code @RegisterExtension static final ServerIncidents incidents = new ServerIncidents();}.
 */
public final class ServerIncidents implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        String logs = System.getProperty("latchkey.serverLogs");
        if (logs == null || !"liberty".equals(System.getProperty("latchkey.server"))) {
            return;
        }
        Path ffdc = Path.of(logs, "ffdc");
        if (!Files.isDirectory(ffdc)) {
            return;
        }
        try (Stream<Path> files = Files.list(ffdc)) {
            List<String> naming = files.filter(f -> f.getFileName().toString().startsWith("ffdc_"))
                    .sorted()
                    .map(ServerIncidents::read)
                    .filter(report -> report.contains("io.latchkey."))
                    .map(ServerIncidents::summary)
                    .toList();
            assertEquals(List.of(), naming, "incident reports (FFDC) in " + ffdc + " that name the application");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path report) {
        try {
            return report.getFileName() + "\n" + Files.readString(report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file name, the exception and where it was caught: the report's first lines. */
    private static String summary(String report) {
        return String.join(" | ", report.lines().limit(6).filter(line -> !line.startsWith("---")).toList());
    }
}
