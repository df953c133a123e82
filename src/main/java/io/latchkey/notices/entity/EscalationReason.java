package io.latchkey.notices.entity;

import java.util.Locale;

/** Why a notice went to the organization's admins instead of the key's owner. */
public enum EscalationReason {
    /** The owner was deactivated before the notice went out (the notice is cancelled, {@code owner_inactive}). */
    OWNER_INACTIVE,
    /**
     * The key's owner is a service account whose responsible person was deactivated, and no admin has named
     * another yet (the notice is cancelled, {@code responsible_inactive}).
     */
    RESPONSIBLE_INACTIVE,
    /** Every attempt to mail the owner failed (the notice is {@code failed}). */
    UNDELIVERABLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
