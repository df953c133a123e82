package io.latchkey.problems;

import io.latchkey.platform.Refusal;
import java.util.List;
import java.util.Map;

/**
 * A failure a caller can act on. Carries everything the response needs; the mapper only adds the
 * request id. Stack traces are not filled in: these are expected outcomes, not bugs.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String code, String title, String detail,
                            List<Problem.FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** A rule's refusal as HTTP: invalid 400, not found 404, forbidden 403, conflict 409, busy 429. */
    public static ProblemException of(Refusal refusal) {
        List<Problem.FieldError> errors = refusal.fields().stream()
                .map(field -> new Problem.FieldError(field.name(), field.message())).toList();
        return switch (refusal.kind()) {
            case INVALID -> new ProblemException(400, refusal.code(), "Invalid request", refusal.getMessage(), errors, Map.of());
            case NOT_FOUND -> new ProblemException(404, refusal.code(), "Not found", refusal.getMessage());
            case FORBIDDEN -> new ProblemException(403, refusal.code(), "Forbidden", refusal.getMessage());
            case CONFLICT -> new ProblemException(409, refusal.code(), "Conflict", refusal.getMessage());
            case BUSY -> new ProblemException(429, refusal.code(), "Too many requests", refusal.getMessage(), errors,
                    Map.of("Retry-After", "1"));
        };
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad request", detail);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(400, "validation_failed", "Invalid request", detail, errors, Map.of());
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "not_found", "Not found", "No " + what + " with id '" + shorten(id) + "'");
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(403, code, "Forbidden", detail);
    }

    public static ProblemException unauthorized(String code, String detail) {
        return new ProblemException(401, code, "Unauthorized", detail, List.of(),
                Map.of("WWW-Authenticate", "Bearer realm=\"latchkey\""));
    }

    /** 405 {@code method_not_allowed}, naming the method (cut short); {@code headers} such as {@code Allow}. */
    public static ProblemException methodNotAllowed(String method, Map<String, String> headers) {
        return new ProblemException(405, "method_not_allowed", "Method not allowed",
                "The resource does not support " + shorten(method), List.of(), headers);
    }

    /** Ids echoed in messages are cut short: they come from the caller and may be anything. */
    public static String shorten(String id) {
        String safe = id == null ? "" : id.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "..." : safe;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem(String requestId) {
        return new Problem("urn:latchkey:problem:" + code, title, status, getMessage(), code, requestId,
                errors.isEmpty() ? null : errors);
    }
}
