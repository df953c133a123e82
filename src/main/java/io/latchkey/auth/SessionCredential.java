package io.latchkey.auth;

import jakarta.security.enterprise.credential.Credential;

/**
 * The user a console session was signed in as, and a fingerprint of their password then: re-checked on
 * every request, so deactivation or a new password ends the session.
 */
record SessionCredential(String userId, String passwordStamp) implements Credential {
}
