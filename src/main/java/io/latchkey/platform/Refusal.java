package io.latchkey.platform;

import java.util.List;

/**
 * A rule of Latchkey said no. Entities, stores and control beans throw it with a stable {@code code} and
 * a {@link Kind}; they know nothing of HTTP. Only the mappers in {@code io.latchkey.problems} turn it
 * into a response. Expected outcomes, not bugs: no stack trace is filled in.
 */
public class Refusal extends RuntimeException {

    /** What sort of no it is. */
    public enum Kind {
        /** The input breaks a rule; {@link #fields()} says which. */
        INVALID,
        /** Nothing of that id exists for the caller (also what is hidden from them). */
        NOT_FOUND,
        /** The caller may not do this. */
        FORBIDDEN,
        /** The state of things does not allow it now. */
        CONFLICT,
        /** Too busy to do it now; try again in a moment. */
        BUSY
    }

    /** A field of the input and what is wrong with it. */
    public record Field(String name, String message) {
    }

    private final Kind kind;
    private final String code;
    private final List<Field> fields;

    public Refusal(Kind kind, String code, String detail, List<Field> fields) {
        super(detail, null, false, false);
        this.kind = kind;
        this.code = code;
        this.fields = List.copyOf(fields);
    }

    public static Refusal invalid(String field, String message) {
        return invalid("validation_failed", field, message);
    }

    public static Refusal invalid(String code, String field, String message) {
        return new Refusal(Kind.INVALID, code, field + ": " + message, List.of(new Field(field, message)));
    }

    public static Refusal notFound(String what, String id) {
        return new Refusal(Kind.NOT_FOUND, "not_found", "No " + what + " with id '" + shorten(id) + "'", List.of());
    }

    public static Refusal forbidden(String code, String detail) {
        return new Refusal(Kind.FORBIDDEN, code, detail, List.of());
    }

    public static Refusal conflict(String code, String detail) {
        return new Refusal(Kind.CONFLICT, code, detail, List.of());
    }

    public static Refusal busy(String code, String detail) {
        return new Refusal(Kind.BUSY, code, detail, List.of());
    }

    /** Ids echoed in messages are cut short: they come from the caller and may be anything. */
    static String shorten(String id) {
        String safe = id == null ? "" : id.replaceAll("[^A-Za-z0-9._-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "..." : safe;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public List<Field> fields() {
        return fields;
    }
}
