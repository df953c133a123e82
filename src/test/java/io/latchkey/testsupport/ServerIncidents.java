package io.latchkey.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * While a test class runs, the server files no incident report that names the application. Open Liberty
 * writes one (an FFDC file in {@code logs/ffdc/}) for each exception it takes for a fault, once per kind and
 * place in a server's run; a refusal or a client's bad input must never be one. Checked where the server
 * keeps such reports ({@code latchkey.serverLogs}, set by the liberty profile); elsewhere nothing is
 * checked. Reports that name only the server's own code are the server's business and are left out.
 */
public final class ServerIncidents implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace REPORTS = ExtensionContext.Namespace.create(ServerIncidents.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(REPORTS).put("before", reports().collect(Collectors.toSet()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Path ffdc = directory();
        if (ffdc == null) {
            return;
        }
        Set<?> before = context.getStore(REPORTS).getOrDefault("before", Set.class, Set.of());
        List<String> naming = reports().filter(report -> !before.contains(report))
                .sorted()
                .map(ServerIncidents::read)
                .filter(report -> report.contains("io.latchkey."))
                .map(ServerIncidents::summary)
                .toList();
        assertEquals(List.of(), naming, "incident reports (FFDC) in " + ffdc + " that name the application");
    }

    private static Path directory() {
        String logs = System.getProperty("latchkey.serverLogs");
        return logs == null || !"liberty".equals(System.getProperty("latchkey.server")) ? null : Path.of(logs, "ffdc");
    }

    private static Stream<Path> reports() {
        Path ffdc = directory();
        if (ffdc == null || !Files.isDirectory(ffdc)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(ffdc)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ffdc_")).toList().stream();
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
