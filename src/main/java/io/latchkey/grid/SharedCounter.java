package io.latchkey.grid;

/**
 * A count that every instance of the grid adds to and reads, kept by the grid itself (Hazelcast's PN counter, a
 * CRDT): each instance counts in its own replica, without a network call, and the replicas exchange what they
 * counted in the background (Hazelcast's CRDT replication, every second by default). So a total read here is this
 * instance's count plus what the others counted up to about a second ago.
 */
public interface SharedCounter {

    /** Adds {@code delta} (0 only reads), and answers the total as this instance knows it now. */
    long addAndGet(long delta);

    /** Removes the count from every instance (it is of no more use). */
    void destroy();
}
