package io.latchkey.accounts.entity;

import java.util.Locale;

/** Where a user's identity lives, and so who decides whether they may sign in and which roles they hold. */
public enum IdentitySource {
    /** A Latchkey password; roles set in Latchkey. */
    LOCAL,
    /** The OpenID Connect provider: the user signs in there; roles follow its groups at every sign-in. */
    OIDC,
    /** The LDAP directory: passwords are checked there; roles follow its groups at sign-in and at every sync. */
    LDAP,
    /**
     * A service account: no person, so no password, provider or directory; it never signs in, and its roles
     * are set in Latchkey. It owns keys, and a responsible person of the organization answers for it.
     */
    SERVICE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
