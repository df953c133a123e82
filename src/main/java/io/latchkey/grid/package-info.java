/**
 * Keeping in-memory state of several instances current: which instances may answer from memory
 * ({@link io.latchkey.grid.Members}, a lease in the database), and how a change reaches all of them
 * before the call that made it returns ({@link io.latchkey.grid.Invalidations}: sent over the server's
 * data grid, acknowledged by each registered instance, or that instance fenced and its lease waited
 * out). The only grid known is Payara's Hazelcast, found by JNDI name; on other servers the WAR runs
 * without it (memory only where the deployment declares a single instance).
 */
package io.latchkey.grid;
