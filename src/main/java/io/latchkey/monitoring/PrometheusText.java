package io.latchkey.monitoring;

import java.util.Locale;

/**
 * Prometheus' text exposition format (version 0.0.4), written by hand: a few families of counters, gauges and one
 * histogram, each with its {@code # HELP} and {@code # TYPE}. Label values are Latchkey's own fixed names, never
 * anything a caller sent, so they need no escaping.
 */
final class PrometheusText {

    static final String MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder(8192);

    PrometheusText family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} alternate name and value. */
    PrometheusText sample(String name, double value, String... labels) {
        text.append(name);
        if (labels.length > 0) {
            text.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
            }
            text.append('}');
        }
        text.append(' ').append(format(value)).append('\n');
        return this;
    }

    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
