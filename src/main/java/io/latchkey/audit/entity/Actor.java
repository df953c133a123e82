package io.latchkey.audit.entity;

import io.latchkey.caller.Caller;
import io.latchkey.caller.CurrentCaller;

/**
 * Who did something, from where, and with which credential ({@code password}, {@code session} or
 * {@code api_key}, and then the key's id); all optional (a scan has no actor and no client).
 */
public record Actor(String userId, String clientIp, String userAgent, String authMethod, String viaKeyId) {

    public static final Actor SYSTEM = new Actor(null, null, null, null, null);

    /** The caller of the current request, as the audit trail records it. */
    public static Actor of(CurrentCaller current) {
        Caller caller = current.get();
        return new Actor(caller.userId(), current.clientIp(), current.userAgent(), caller.method().wireName(),
                caller.keyId());
    }
}
