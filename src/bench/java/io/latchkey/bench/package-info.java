/**
 * The benchmark ({@code mvn -Pbench verify}, with {@code -Ppostgres} for PostgreSQL): starts the built
 * WAR on Payara Micro as its own process, stores keys directly in its database, drives load with wrk
 * from another process on loopback and writes {@code target/bench/results.md} and {@code results.json}.
 *
 * <p>Every figure is the median of several runs; a ratio is taken within one pair of adjacent runs. A
 * missed goal is reported, never a build failure; a server that does not start, or a response status
 * that a request type must not get (a valid key refused, say), fails the build.
 *
 * <p>Out of scope: anything the application ships. Nothing here is packaged in the WAR.
 */
package io.latchkey.bench;
