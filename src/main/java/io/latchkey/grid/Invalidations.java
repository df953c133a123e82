package io.latchkey.grid;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records each {@link Invalidation} in its transaction, and carries it to every instance once that has committed, before the
 * call that made the change returns (see {@link Members#everywhere}). Runs on a managed thread of its
 * own, because the committing thread is inside the transaction's completion, where no new transaction
 * may start; the committing thread waits for it.
 */
@ApplicationScoped
public class Invalidations {

    private static final Logger LOG = Logger.getLogger(Invalidations.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    Members members;

    /** In the changing transaction: the record that lets every instance tell whether it received the change. */
    void record(@Observes Invalidation change) {
        members.record(change);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Invalidation change) {
        try {
            executor.submit(() -> members.everywhere(change)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.SEVERE, "Could not carry a change to every instance", e.getCause());
        }
    }
}
