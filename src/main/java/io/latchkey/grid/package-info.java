/**
 * Keeping in-memory state of several instances current: which instances may answer from memory
 * ({@link io.latchkey.grid.Members}, a lease in the database), and how a change reaches all of them
 * before the call that made it returns ({@link io.latchkey.grid.Invalidations}: sent over the server's
 * data grid, acknowledged by each registered instance, or that instance fenced and its lease waited
 * out). The only grid known is Payara's Hazelcast, found by JNDI name; on other servers the WAR runs
 * without it (memory only where the deployment declares a single instance).
 *
 * <p>Nothing on the grid is believed without proof: every message is sealed with the installation's grid
 * secret ({@link io.latchkey.grid.GridSecret}, HMAC-SHA256 over the message and the sender's clock) and
 * dropped when the seal or the clock is off. Without a secret an instance seals with a random key of its
 * own, which holds only for a grid of one, so a grid that joins others without it reads the database.
 * Every change is also recorded in the database; a member that missed one empties its memory.
 */
package io.latchkey.grid;
