package io.latchkey.audit.entity;

import java.util.Arrays;
import java.util.Optional;

/** What an audit event records; {@link #wireName()} is stored and shown. */
public enum EventType {
    CREATED("created"),
    EDITED("edited"),
    REGENERATED("regenerated"),
    REVOKED("revoked"),
    /** A key revoked because someone reported it leaked ({@code POST /api/v1/leaks}); details hold url and source. */
    LEAK_REPORTED("leak_reported"),
    NOTICE_SENT("notice_sent"),
    /** A notice that could not reach the key's owner went to the organization's admins instead. */
    NOTICE_ESCALATED("notice_escalated"),
    /** An organization event: the weekly expiry digest went to the admins. */
    EXPIRY_DIGEST_SENT("expiry_digest_sent"),
    /** Aggregated: calls with a revoked key, one event per key, client and hour. */
    REVOKED_KEY_USED("revoked_key_used"),
    /** Aggregated: calls with an expired key, one event per key, client and hour. */
    EXPIRED_KEY_USED("expired_key_used"),
    /** Aggregated: calls with a good key from a client address outside its allowed_cidrs, per key, client and hour. */
    ADDRESS_NOT_ALLOWED("address_not_allowed"),
    USER_CREATED("user_created"),
    USER_CHANGED("user_changed"),
    /** A console sign-in; details hold the method ({@code password}, {@code oidc}, {@code ldap}) and provider. */
    SIGNED_IN("signed_in"),
    /** The roles of a provider's or directory's user, set from their groups at sign-in or sync. */
    ROLES_FROM_GROUPS("roles_from_groups"),
    /** A directory user deactivated by the sync: gone from the directory, or disabled there. */
    DIRECTORY_DEACTIVATED("directory_deactivated"),
    POLICY_CHANGED("policy_changed"),
    /** A service account's responsible person was deactivated; the account's notices go to the admins until an admin names another. */
    RESPONSIBLE_INACTIVE("responsible_inactive"),
    /** An organization event: a service and its scopes were registered; details hold its definition. */
    SERVICE_CREATED("service_created"),
    /** A service's description, admins_only or scopes changed; details hold the scopes it took from keys. */
    SERVICE_CHANGED("service_changed"),
    SERVICE_DELETED("service_deleted"),
    /** Organization events: a webhook registered, changed (url, events, description, active, secret rotated) or deleted. */
    WEBHOOK_CREATED("webhook_created"),
    WEBHOOK_CHANGED("webhook_changed"),
    WEBHOOK_DELETED("webhook_deleted"),
    ORGANIZATION_CREATED("organization_created");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
