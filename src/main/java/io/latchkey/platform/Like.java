package io.latchkey.platform;

import java.util.Locale;

/**
 * The pattern of a case-insensitive "contains" search for a JPQL {@code lower(field) like :pattern escape '\'}:
 * what a person types is matched literally, so {@code %} and {@code _} find themselves, not everything.
 */
public final class Like {

    private Like() {
    }

    public static String containing(String text) {
        return "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
