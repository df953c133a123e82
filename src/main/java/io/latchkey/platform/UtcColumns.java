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

    /** A UTC timestamp column as a native query returns it (a LocalDateTime or a java.sql.Timestamp, by driver). */
    public static Instant instantOf(Object column) {
        if (column instanceof java.sql.Timestamp timestamp) {
            return instant(timestamp.toLocalDateTime());
        }
        return instant((LocalDateTime) column);
    }
}
