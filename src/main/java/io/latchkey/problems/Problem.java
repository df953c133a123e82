package io.latchkey.problems;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * The body of every error response. {@code code} is the stable, machine-readable part; {@code title}
 * and {@code detail} are for people.
 */
public record Problem(String type, String title, int status, String detail, String code,
                      @JsonbProperty("request_id") String requestId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public Problem withRequestId(String requestId) {
        return new Problem(type, title, status, detail, code, requestId, errors);
    }
}
