package io.latchkey.api;

import io.latchkey.problems.Problem.FieldError;
import io.latchkey.problems.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request body read strictly: a JSON object of at most {@value #MAX_BYTES} bytes whose fields are all
 * known and of the right type. Type errors are collected, so one response lists every bad field;
 * {@link #check()} throws them as a 400.
 */
public final class JsonBody {

    public static final int MAX_BYTES = 16 * 1024;

    private final JsonObject object;
    private final String prefix;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonBody(JsonObject object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /**
     * @param required whether an empty body is an error (otherwise it reads as {@code {}})
     * @param allowed  the fields this request may carry
     */
    public static JsonBody read(InputStream in, boolean required, Set<String> allowed) {
        return read(in, required, allowed, "");
    }

    /** As {@link #read(InputStream, boolean, Set)}, naming fields {@code prefix + name} in errors (nested objects). */
    public static JsonBody read(InputStream in, boolean required, Set<String> allowed, String prefix) {
        byte[] bytes = readBounded(in);
        if (isBlank(bytes)) {
            if (required) {
                throw ProblemException.badRequest("body_required", "This request needs a JSON object body");
            }
            return new JsonBody(JsonValue.EMPTY_JSON_OBJECT, prefix);
        }
        JsonValue value;
        try (var parser = Json.createParser(new ByteArrayInputStream(bytes))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonException("trailing content after the JSON value");
            }
        } catch (RuntimeException e) {
            // JsonException for most garbage; parsers also throw NumberFormatException, unsupported-operation
            // and plain runtime exceptions for absurd numbers and nesting: all of it is the caller's bad JSON
            throw ProblemException.badRequest("malformed_json", "The request body is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("malformed_json", "The request body must be a JSON object");
        }
        JsonBody body = new JsonBody(value.asJsonObject(), prefix);
        for (String field : body.object.keySet()) {
            if (!allowed.contains(field)) {
                body.reject(field, "unknown field; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return body;
    }

    private static byte[] readBounded(InputStream in) {
        try {
            byte[] bytes = in == null ? new byte[0] : in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ProblemException(413, "body_too_large", "Payload too large",
                        "The request body is larger than " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    public boolean has(String field) {
        return object.containsKey(field);
    }

    /** A string field; JSON null reads as absent. */
    public Optional<String> string(String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString string) {
            return Optional.of(string.getString());
        }
        reject(field, "must be a string");
        return Optional.empty();
    }

    /** An integer field within [min, max]; JSON null reads as absent. */
    public Optional<Integer> integer(String field, int min, int max) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number)) {
            reject(field, "must be an integer");
            return Optional.empty();
        }
        BigDecimal decimal = number.bigDecimalValue();
        if (decimal.stripTrailingZeros().scale() > 0) {
            reject(field, "must be an integer");
            return Optional.empty();
        }
        if (decimal.compareTo(BigDecimal.valueOf(min)) < 0 || decimal.compareTo(BigDecimal.valueOf(max)) > 0) {
            reject(field, "must be between " + min + " and " + max);
            return Optional.empty();
        }
        return Optional.of(decimal.intValueExact());
    }

    /** A boolean field; JSON null reads as absent. */
    public Optional<Boolean> bool(String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return Optional.of(value == JsonValue.TRUE);
        }
        reject(field, "must be true or false");
        return Optional.empty();
    }

    /** An array of strings, duplicates dropped; JSON null reads as absent. */
    public Optional<Set<String>> strings(String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            reject(field, "must be an array of strings");
            return Optional.empty();
        }
        Set<String> strings = new LinkedHashSet<>();
        for (JsonValue item : value.asJsonArray()) {
            if (!(item instanceof JsonString string)) {
                reject(field, "must be an array of strings");
                return Optional.empty();
            }
            strings.add(string.getString());
        }
        return Optional.of(strings);
    }

    /** Records a problem with a field found by the caller's own checks. */
    public void reject(String field, String message) {
        errors.add(new FieldError(prefix + field, message));
    }

    /** A nested object; JSON null reads as absent. */
    public Optional<JsonObject> object(String field) {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            reject(field, "must be an object");
            return Optional.empty();
        }
        return Optional.of(value.asJsonObject());
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** Throws every collected field error as one 400 {@code validation_failed}. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
