package io.latchkey.grid;

import java.util.List;
import java.util.Set;

/** A cluster transport that carries short text messages to every member it can reach. */
interface GridTransport {

    /** This instance's id in the grid. */
    String localMember();

    /** Whether this instance is still part of its grid. */
    boolean running();

    /** The grid ids of the members this instance sees now (itself included). */
    Set<String> members();

    /**
     * How the grid joins, or may join, other instances (its discovery methods, other members): empty for
     * a grid of this instance alone. Non-empty, its members must prove they belong ({@link GridSecret}).
     */
    List<String> joins();

    /** Sends to every member (itself included), without waiting for anyone. */
    void publish(String message);

    /** The grid's counter of this name, made on first use (see {@link SharedCounter}). */
    SharedCounter counter(String name);

    /** Stops receiving. */
    void close();
}
