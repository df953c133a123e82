package io.latchkey;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Imports point one way: between features, and from boundary to control to entity within one. */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/latchkey");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.latchkey\\.([a-z]+)((?:\\.[a-z]+)*)\\.([A-Z]\\w*)",
            Pattern.MULTILINE);

    private record Source(String feature, String layer, String text, Path file) {
    }

    private static List<Source> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).map(f -> {
                Path relative = SOURCES.relativize(f);
                String feature = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
                String layer = relative.getNameCount() > 2 ? relative.getName(1).toString() : "";
                try {
                    return new Source(feature, layer, Files.readString(f), f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Source source : sources()) {
            Matcher imported = IMPORT.matcher(source.text());
            while (imported.find()) {
                if (!imported.group(1).equals(source.feature())) {
                    graph.computeIfAbsent(source.feature(), f -> new TreeSet<>()).add(imported.group(1));
                }
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String feature : graph.keySet()) {
            findCycle(feature, feature, graph, new ArrayList<>(List.of(feature)), cycles);
        }
        assertEquals(List.of(), cycles, "dependencies between features: " + graph);
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> graph, List<String> path,
                                  List<String> cycles) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                path.add(next);
                findCycle(start, next, graph, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void nothingImportsAResourceAndEntitiesImportNoLogic() {
        List<String> wrong = new ArrayList<>();
        for (Source source : sources()) {
            Matcher imported = IMPORT.matcher(source.text());
            while (imported.find()) {
                String layer = imported.group(2);
                if (imported.group(3).endsWith("Resource")) {
                    wrong.add(source.file() + " imports the resource " + imported.group(3));
                }
                if (source.layer().equals("entity") && (layer.contains("control") || layer.contains("boundary"))) {
                    wrong.add(source.file() + " (an entity) imports " + imported.group(1) + layer + "." + imported.group(3));
                }
                if (source.layer().equals("control") && layer.contains("boundary")) {
                    wrong.add(source.file() + " (control) imports " + imported.group(1) + layer + "." + imported.group(3));
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
