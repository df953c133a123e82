/**
 * API keys: creation, listing and search, edits, regeneration and revocation; verification of a
 * presented key ({@link io.latchkey.keys.control.KeyVerifier}); recording of key use
 * ({@link io.latchkey.keys.boundary.KeyUseRecorder}, batched, its own transactions); containment of
 * keys reported leaked ({@link io.latchkey.keys.control.LeakReports}: revoked at once, audited as
 * {@code leak_reported}, announced for mail after the commit).
 *
 * <p>Invariants: a key belongs to one user of one organization; its owner held admin or
 * token-manager when it was made; it never carries more than its owner (groups are the owner's
 * current roles, see {@code io.latchkey.auth}); only the SHA-256 digest of its secret is stored and the
 * plaintext appears only in the response that creates or regenerates it; revoked and expired keys
 * cannot be edited or regenerated (409 {@code key_not_active}). Status is derived from
 * {@code revoked_at} and {@code expires_at}, never stored.
 *
 * <p>Visibility: admins see every key of their organization; token managers see their own and those of the
 * service accounts that name them as managers; a key outside that scope is 404, exactly like a key that does
 * not exist.
 *
 * <p>Choices where the issue was silent: a path id that is not a key's id is 404; an
 * {@code expires_at} date without time means the end of that day (23:59:59Z); an empty PATCH is 400;
 * a regeneration without an expiry repeats the key's current lifetime from now, shortened to the
 * organization's maximum.
 *
 * <p>Scopes: a key may carry scopes of its organization's services ({@code io.latchkey.services}), only those
 * its owner may grant ({@link io.latchkey.keys.control.KeyScopes}); they are stored on the key and read with it
 * by digest, so a check with scopes costs nothing more. A key with scopes is for those services: of Latchkey's
 * own API it reaches only what is marked {@link io.latchkey.api.OpenToScopedKeys}.
 *
 * <p>Rotation with overlap: a regeneration may keep the old secret working for a grace period (at most
 * seven days); its digest is kept beside the current one, found by a second indexed lookup only when no
 * key's current secret matches, and judged against the clock at every use. At most one old secret lives
 * per key; revocation, the next regeneration and the owner's deactivation end it for good.
 *
 * <p>Address limits: {@code allowed_cidrs} (at most 32 networks, canonical form) are checked after
 * revocation, expiry and the owner, against the client address the trusted-proxy rules give; an unknown
 * address fails closed. A refusal is 403 {@code address_not_allowed}, audited like a dead key's use. A key
 * limited to networks never yields a key usable outside them: a key it creates without
 * {@code allowed_cidrs} gets its networks, wider ones (or none) are 400 {@code addresses_beyond_calling_key},
 * and regenerating a key usable elsewhere is 403 with that code, as a key never yields one that outlives it.
 */
package io.latchkey.keys;
