package io.latchkey.platform;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * How times are stored: as UTC {@code TIMESTAMP} columns (LocalDateTime, a JPA basic type on every
 * provider and database), exposed as {@link Instant}. Null stays null.
 */
public final class UtcColumns {

    private UtcColumns() {
    }

    public static LocalDateTime column(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(LocalDateTime column) {
        return column == null ? null : column.toInstant(ZoneOffset.UTC);
    }
}
