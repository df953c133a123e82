package io.latchkey.api;

import io.latchkey.problems.Problem.FieldError;
import io.latchkey.problems.ProblemException;
import java.util.ArrayList;
import java.util.List;

/** {@code limit} (1..200, default 50) and {@code offset} (0..1,000,000, default 0) of a list request. */
public record ListQuery(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_OFFSET = 1_000_000;

    public static ListQuery parse(String limit, String offset) {
        List<FieldError> errors = new ArrayList<>();
        int parsedLimit = parse(limit, DEFAULT_LIMIT, 1, MAX_LIMIT, "limit", errors);
        int parsedOffset = parse(offset, 0, 0, MAX_OFFSET, "offset", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ListQuery(parsedLimit, parsedOffset);
    }

    private static int parse(String value, int fallback, int min, int max, String field, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "must be an integer between " + min + " and " + max));
        return fallback;
    }
}
