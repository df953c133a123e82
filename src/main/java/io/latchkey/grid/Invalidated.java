package io.latchkey.grid;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Delivered (synchronously, as a CDI event) to this instance's in-memory caches when {@code what} has
 * changed, here or on another instance, after the change committed. Observers drop what it covers.
 *
 * <p>An observer that must see the change reach something beyond this instance before the change's call returns (a
 * backend's cache, told over a change stream) {@linkplain #holdUntil holds} the event: the instance that made the
 * change waits for its own holds, and another instance confirms the change only once its holds are done, each for at
 * most {@link #HOLD_LIMIT}. An observer must not wait itself: on another instance it runs on the grid's thread, which
 * also carries what completes the holds.
 */
public final class Invalidated {

    /** The most a hold may delay a change's call; below the grid's acknowledgement timeout. */
    public static final Duration HOLD_LIMIT = Duration.ofMillis(1500);

    private final Invalidation what;
    private final List<CompletableFuture<?>> holds = new CopyOnWriteArrayList<>();

    public Invalidated(Invalidation what) {
        this.what = what;
    }

    public Invalidation what() {
        return what;
    }

    /** The change's call returns (or this instance confirms it) only once {@code done} completed, or after the limit. */
    public void holdUntil(CompletionStage<?> done) {
        holds.add(done.toCompletableFuture());
    }

    /** Completes when every hold has, failed or not, or once {@link #HOLD_LIMIT} has passed. */
    CompletableFuture<Void> settled() {
        return CompletableFuture.allOf(holds.stream().map(hold -> hold.handle((done, failed) -> null))
                .toArray(CompletableFuture[]::new)).completeOnTimeout(null, HOLD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return "Invalidated[" + what + "]";
    }
}
