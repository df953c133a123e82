package io.latchkey.auth;

import java.util.Locale;

/**
 * Who may start a console session with a Latchkey password ({@code latchkey.console.local-passwords}); Basic on
 * the API is not affected.
 */
public enum LocalPasswords {
    /** Everyone with one. */
    ALL,
    /** Local admins and the operator only: break-glass accounts for when the provider is down. */
    BREAK_GLASS;

    /**
     * The setting read: {@code all} or {@code break-glass}; anything else is the stricter reading, which still
     * lets local admins in and so never locks out anyone who must get in.
     */
    public static LocalPasswords of(String setting) {
        return "all".equals(setting.trim().toLowerCase(Locale.ROOT)) ? ALL : BREAK_GLASS;
    }

    public static boolean isKnown(String setting) {
        return setting.trim().toLowerCase(Locale.ROOT).matches("all|break-glass");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
