package io.latchkey.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls for what the server does in the background (batched writes, timers) instead of sleeping. */
public final class Eventually {

    private Eventually() {
    }

    /** The first non-null answer of {@code probe}, asked every 200 ms for up to 30 seconds. */
    public static <T> T poll(Supplier<T> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            T found = probe.get();
            if (found != null) {
                return found;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not seen within 30 seconds");
    }
}
