package io.latchkey.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * CPU time used by processes other than the benchmark's own (this driver and its children: the server,
 * wrk; and processes whose command line names {@code ownMarker}: the PostgreSQL backends of the benchmark's
 * database), sampled from {@code /proc} twice a second: on a shared machine, a figure measured while
 * something else ran says so.
 */
final class OtherLoad implements AutoCloseable {

    private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final Map<Long, Long> lastTicks = new HashMap<>();
    private final AtomicLong otherTicks = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "other-load");
        thread.setDaemon(true);
        return thread;
    });

    private final String ownMarker;
    private long waitedNanos;

    OtherLoad(String ownMarker) {
        this.ownMarker = ownMarker;
        sampler.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    /** A mark to measure from. */
    long mark() {
        return otherTicks.get();
    }

    /** Cores that other processes kept busy, on average, over the {@code seconds} since {@code mark}. */
    double coresSince(long mark, double seconds) {
        return (otherTicks.get() - mark) / TICKS_PER_SECOND / seconds;
    }

    /**
     * Waits until other processes keep less than 0.05 cores busy for 3 s in a row, a minute at most; false
     * (at once) when 5 minutes of waiting are spent in all: a benchmark on a busy machine ends anyway.
     */
    boolean awaitQuiet() throws InterruptedException {
        if (waitedNanos >= TimeUnit.MINUTES.toNanos(5)) {
            return false;
        }
        long start = System.nanoTime();
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(1)) {
            long mark = mark();
            Thread.sleep(1000);
            quiet = coresSince(mark, 1) < 0.05 ? quiet + 1 : 0;
        }
        waitedNanos += System.nanoTime() - start;
        return true;
    }

    private void sample() {
        Set<Long> own = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        own.add(ProcessHandle.current().pid());
        Map<Long, Long> seen = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                long ticks = ticks(process);
                seen.put(pid, ticks);
                Long before = lastTicks.get(pid);
                if (before != null && ticks > before && !own.contains(pid) && !commandLine(process).contains(ownMarker)) {
                    otherTicks.addAndGet(ticks - before);
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc changes while it is read; the next sample counts on
        }
        lastTicks.clear();
        lastTicks.putAll(seen);
    }

    private static String commandLine(Path process) {
        try {
            return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException gone) {
            return "";
        }
    }

    /** utime + stime of a process ({@code /proc/<pid>/stat}, fields 14 and 15), or 0 if it is gone. */
    private static long ticks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
