package io.latchkey.auth;

import jakarta.security.enterprise.credential.Credential;

/** The user a console session was signed in as; re-checked on every request. */
record SessionCredential(String userId) implements Credential {
}
