/**
 * What happened, who did it and with which credential: key events (created, edited with before and
 * after, regenerated, revoked, revoked for a leak report, notice sent, notice escalated to the admins),
 * account events ({@code user_created}, {@code user_changed}, {@code policy_changed}, {@code organization_created},
 * {@code expiry_digest_sent}) and aggregated uses of revoked or expired keys;
 * each with the actor, how they authenticated ({@code password}, {@code session}, {@code api_key} and
 * the key's id), the time, the client address and user agent. Types are {@link io.latchkey.audit.entity.EventType}.
 *
 * <p>Events are written in the same transaction as the change they describe, so there is no change
 * without its event. Details hold descriptions, access levels, roles and dates, never a secret, a digest
 * or a password (a new password appears as {@code "changed"}). Dead-key uses arrive as a CDI event
 * ({@link io.latchkey.audit.control.DeadKeyUse}) and are counted in memory, one row per key, client and
 * hour ({@link io.latchkey.audit.boundary.DeadKeyUses}). Events are read through {@code GET /api/v1/audit}
 * (admins, own organization) and {@code GET /api/v1/keys/{id}/events} with the key's visibility rules.
 */
package io.latchkey.audit;
