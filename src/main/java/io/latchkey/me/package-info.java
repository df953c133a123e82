/**
 * {@code /api/v1/me}: the caller's own view across features (who they are, their organization, their key
 * quota and policy, how this request authenticated). It sits above {@code accounts} and {@code keys},
 * asking each for the facts it owns, so that neither has to import the other's boundary.
 */
package io.latchkey.me;
