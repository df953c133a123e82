/**
 * What Latchkey takes from its server: the clock, the database schema (Flyway migrations applied at
 * start-up, before anything else touches the database), the readiness check and the health path that
 * is the same on every server ({@link io.latchkey.platform.HealthStatus}), and how times are stored
 * ({@link io.latchkey.platform.UtcColumns}).
 *
 * <p>Beans that read MicroProfile Config do so at start-up (each observes {@code Startup}): on a clustered
 * Payara, a value is also looked up in the data grid (its cluster config source), and that lookup waits
 * while the grid is partitioned, which must never hold up a request.
 *
 * <p>Resources are reached only by their bare JNDI names ({@code jdbc/latchkey}), which resolve on
 * Payara and on other Jakarta EE 10 servers whose administrator defines them.
 */
package io.latchkey.platform;
