package io.latchkey.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The figures and goals of one benchmark run, written as {@code results.md} and {@code results.json}. */
final class Report {

    /** One measured quantity: every run's value, reported as their median. */
    record Figure(String name, String unit, List<Double> runs, Map<Integer, Long> statuses, double otherCores) {

        double median() {
            return Report.median(runs);
        }
    }

    /** A goal: what was measured, the target, whether it was met ({@code null}: could not be measured). */
    record Goal(String name, String measured, String target, Boolean met) {
    }

    private final String title;
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();

    Report(String title) {
        this.title = title;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The value below which {@code percent} % of the sorted values lie (nearest rank). */
    static double percentile(List<Double> sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    void machine(String key, String value) {
        machine.put(key, value);
    }

    void note(String note) {
        notes.add(note);
    }

    Figure figure(String name, String unit, List<Double> runs, List<Wrk.Run> wrkRuns) {
        Map<Integer, Long> statuses = new TreeMap<>();
        wrkRuns.forEach(run -> run.statuses().forEach((status, count) -> statuses.merge(status, count, Long::sum)));
        Figure figure = new Figure(name, unit, List.copyOf(runs), statuses,
                wrkRuns.stream().mapToDouble(Wrk.Run::otherCores).max().orElse(Double.NaN));
        figures.add(figure);
        System.out.printf(Locale.ROOT, "[bench] %s: %s %s (runs %s)%n", name, format(figure.median(), unit), unit,
                runs.stream().map(v -> format(v, unit)).collect(Collectors.joining(", ")));
        return figure;
    }

    void goal(String name, String measured, String target, Boolean met) {
        goals.add(new Goal(name, measured, target, met));
        System.out.printf("[bench] GOAL %s: %s (target %s) %s%n", name, measured, target, verdict(met));
    }

    static String format(double value, String unit) {
        return switch (unit) {
            case "req/s", "statements", "table accesses" -> String.format(Locale.ROOT, "%,.0f", value);
            case "ms" -> String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
            default -> String.format(Locale.ROOT, "%.2f", value);
        };
    }

    private static String verdict(Boolean met) {
        return met == null ? "n/a" : met ? "yes" : "**no**";
    }

    void write(Path dir) throws IOException {
        StringBuilder md = new StringBuilder("# " + title + "\n\n");
        machine.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        md.append("\n## Goals\n\n| Goal | Measured | Target | Met |\n|---|---|---|---|\n");
        goals.forEach(goal -> md.append("| ").append(goal.name()).append(" | ").append(goal.measured()).append(" | ")
                .append(goal.target()).append(" | ").append(verdict(goal.met())).append(" |\n"));
        md.append("\n## Figures (median of the runs)\n\nOther load: the most cores that processes other than the"
                + " benchmark's own kept busy during one of the figure's runs (0 on a quiet machine).\n\n"
                + "| Figure | Median | Runs | Responses | Other load |\n|---|---:|---|---|---:|\n");
        for (Figure figure : figures) {
            md.append("| ").append(figure.name()).append(" | ").append(format(figure.median(), figure.unit())).append(' ')
                    .append(figure.unit()).append(" | ")
                    .append(figure.runs().stream().map(v -> format(v, figure.unit())).collect(Collectors.joining(" · ")))
                    .append(" | ").append(figure.statuses().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%d × %,d", e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", "))).append(" | ")
                    .append(Double.isNaN(figure.otherCores()) ? "" : String.format(Locale.ROOT, "%.2f", figure.otherCores()))
                    .append(" |\n");
        }
        md.append("\n## How it was measured\n\n");
        notes.forEach(note -> md.append("- ").append(note).append('\n'));
        Files.writeString(dir.resolve("results.md"), md, StandardCharsets.UTF_8);

        JsonObjectBuilder json = Json.createObjectBuilder().add("title", title);
        JsonObjectBuilder machineJson = Json.createObjectBuilder();
        machine.forEach(machineJson::add);
        JsonArrayBuilder goalsJson = Json.createArrayBuilder();
        for (Goal goal : goals) {
            JsonObjectBuilder one = Json.createObjectBuilder().add("goal", goal.name()).add("measured", goal.measured())
                    .add("target", goal.target());
            if (goal.met() == null) {
                one.addNull("met");
            } else {
                one.add("met", goal.met());
            }
            goalsJson.add(one);
        }
        JsonArrayBuilder figuresJson = Json.createArrayBuilder();
        for (Figure figure : figures) {
            JsonArrayBuilder runs = Json.createArrayBuilder();
            figure.runs().forEach(runs::add);
            JsonObjectBuilder statuses = Json.createObjectBuilder();
            figure.statuses().forEach((status, count) -> statuses.add(status.toString(), count));
            JsonObjectBuilder one = Json.createObjectBuilder().add("figure", figure.name()).add("unit", figure.unit())
                    .add("median", figure.median()).add("runs", runs).add("statuses", statuses);
            if (!Double.isNaN(figure.otherCores())) {
                one.add("other_load_cores", figure.otherCores());
            }
            figuresJson.add(one);
        }
        JsonArrayBuilder notesJson = Json.createArrayBuilder();
        notes.forEach(notesJson::add);
        json.add("machine", machineJson).add("goals", goalsJson).add("figures", figuresJson).add("notes", notesJson);
        try (Writer out = Files.newBufferedWriter(dir.resolve("results.json"), StandardCharsets.UTF_8);
             JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
            writer.writeObject(json.build());
        }
    }
}
