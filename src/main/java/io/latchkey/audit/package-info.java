/**
 * What happened to each key: created, edited (with before and after), regenerated, revoked, and
 * each expiry notice sent; with the actor, the time, the client address and user agent.
 *
 * <p>Events are written in the same transaction as the change they describe, so there is no change
 * without its event. Details hold descriptions, access levels and dates, never a secret or a digest.
 * Events are read through {@code GET /api/v1/keys/{id}/events} with the key's own visibility rules.
 */
package io.latchkey.audit;
