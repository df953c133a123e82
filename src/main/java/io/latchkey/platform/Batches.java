package io.latchkey.platform;

import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What the in-memory batches (key use, dead-key use) share: their timer and how they are emptied. */
public final class Batches {

    private Batches() {
    }

    /** An interval timer of this bean every {@code interval} (at least a second), not persistent. */
    public static void every(TimerService timers, Duration interval, String name) {
        long millis = Math.max(1000, interval.toMillis());
        timers.createIntervalTimer(millis, millis, new TimerConfig(name, false));
    }

    /** A last flush when the instance stops; a failure is logged, never thrown into the shutdown. */
    public static void atShutdown(Runnable flush, Logger log, String what) {
        try {
            flush.run();
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "Could not record the latest " + what + " at shutdown", e);
        }
    }

    /** Takes each entry out of {@code pending} and hands it to {@code write}; entries added meanwhile wait. */
    public static <K, V> void drain(Map<K, V> pending, BiConsumer<K, V> write) {
        for (K key : pending.keySet()) {
            V value = pending.remove(key);
            if (value != null) {
                write.accept(key, value);
            }
        }
    }
}
