package io.latchkey.api;

import java.util.List;

/** One page of a list; the envelope turns it into {@code data} plus {@code pagination}. */
public record Page<T>(List<T> items, long total, int limit, int offset) {

    public Pagination pagination() {
        return new Pagination(total, limit, offset, offset + items.size() < total);
    }

    public record Pagination(long total, int limit, int offset, boolean hasMore) {
    }
}
