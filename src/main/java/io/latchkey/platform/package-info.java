/**
 * What Latchkey takes from its server: the clock, the database schema (Flyway migrations applied at
 * start-up, before anything else touches the database), the readiness check, and how times are
 * stored ({@link io.latchkey.platform.UtcColumns}).
 *
 * <p>Resources are reached only by their bare JNDI names ({@code jdbc/latchkey}), which resolve on
 * Payara and on other Jakarta EE 10 servers whose administrator defines them.
 */
package io.latchkey.platform;
