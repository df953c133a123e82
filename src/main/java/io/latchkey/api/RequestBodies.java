package io.latchkey.api;

import io.latchkey.problems.Problem.FieldError;
import io.latchkey.problems.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads every JSON request body into the resource method's record, strictly: at most {@value #MAX_BYTES}
 * bytes (413 {@code body_too_large}), one JSON object and nothing after it (400 {@code malformed_json}),
 * no unknown field and every field of its record's type, in nested records and arrays of them too
 * (400 {@code validation_failed}, all field errors
 * at once), bound by JSON-B (snake_case names) and then checked with Bean Validation (the constraints on
 * the record's components, with their messages as field errors). JSON {@code null} reads as absent.
 * An empty body is 400 {@code body_required}, unless the record is marked {@link EmptyMeansDefaults}.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
public class RequestBodies implements MessageBodyReader<Record> {

    public static final int MAX_BYTES = 16 * 1024;

    /** On a request record: an empty body reads as {@code {}}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface EmptyMeansDefaults {
    }

    /**
     * Built at the first request, not when the class loads: the OpenAPI filter uses {@link #wireName} at
     * deployment, where some servers (WildFly) run it without the application's Bean Validation provider
     * in reach.
     */
    private static final class Validators {
        static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type.isRecord();
    }

    @Override
    public Record readFrom(Class<Record> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream in) throws IOException {
        return read(type, in);
    }

    /** Reads, checks and validates one body into {@code type}. */
    public static <T extends Record> T read(Class<T> type, InputStream in) throws IOException {
        JsonObject object = object(type, bounded(in));
        List<FieldError> errors = new ArrayList<>();
        check(type, object, "", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        T record;
        try {
            record = JsonConfiguration.jsonb().fromJson(clamped(type, object).toString(), type);
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("malformed_json", "The request body is not valid JSON");
        }
        List<FieldError> violations = Validators.VALIDATOR.validate(record).stream()
                .map(violation -> new FieldError(field(violation.getPropertyPath()), violation.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        return record;
    }

    private static byte[] bounded(InputStream in) throws IOException {
        byte[] bytes = in == null ? new byte[0] : in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(413, "body_too_large", "Payload too large",
                    "The request body is larger than " + MAX_BYTES + " bytes");
        }
        return bytes;
    }

    /**
     * Reads one JSON value of any kind, as strictly as records are read (size, nothing after it), for a
     * body whose shape is not one record: 413 {@code body_too_large}, 400 {@code body_required} or
     * {@code malformed_json}. The caller checks the shape.
     */
    public static JsonValue readValue(InputStream in) throws IOException {
        byte[] bytes = bounded(in);
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw ProblemException.badRequest("body_required", "This request needs a JSON body");
        }
        return parse(bytes);
    }

    private static JsonObject object(Class<?> type, byte[] bytes) {
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            if (type.isAnnotationPresent(EmptyMeansDefaults.class)) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            throw ProblemException.badRequest("body_required", "This request needs a JSON object body");
        }
        JsonValue value = parse(bytes);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("malformed_json", "The request body must be a JSON object");
        }
        return value.asJsonObject();
    }

    private static JsonValue parse(byte[] bytes) {
        JsonValue value;
        try (var parser = Json.createParser(new ByteArrayInputStream(bytes))) {
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new jakarta.json.JsonException("trailing content after the JSON value");
            }
        } catch (RuntimeException e) {
            // JsonException for most garbage; parsers also throw NumberFormatException, unsupported-operation
            // and plain runtime exceptions for absurd numbers and nesting: all of it is the caller's bad JSON
            throw ProblemException.badRequest("malformed_json", "The request body is not valid JSON");
        }
        return value;
    }

    /** Unknown fields and wrong types, named {@code prefix + field}; nested records are checked too. */
    private static void check(Class<?> type, JsonObject object, String prefix, List<FieldError> errors) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> names = Arrays.stream(components).map(c -> wireName(c.getName())).toList();
        for (String field : object.keySet()) {
            if (!names.contains(field)) {
                errors.add(new FieldError(prefix + field, "unknown field; allowed: " + String.join(", ", new TreeSet<>(names))));
            }
        }
        for (RecordComponent component : components) {
            String name = wireName(component.getName());
            JsonValue value = object.get(name);
            if (value == null || value == JsonValue.NULL) {
                continue;
            }
            String problem = typeProblem(component, value, prefix + name, errors);
            if (problem != null) {
                errors.add(new FieldError(prefix + name, problem));
            }
        }
    }

    private static String typeProblem(RecordComponent component, JsonValue value, String field, List<FieldError> errors) {
        Class<?> type = component.getType();
        if (type == String.class) {
            return value instanceof JsonString ? null : "must be a string";
        }
        if (type == Integer.class) {
            if (!(value instanceof JsonNumber number)) {
                return "must be an integer";
            }
            try {
                BigDecimal decimal = number.bigDecimalValue();
                return decimal.stripTrailingZeros().scale() > 0 ? "must be an integer" : null;
            } catch (RuntimeException absurd) {
                throw ProblemException.badRequest("malformed_json", "The request body is not valid JSON");
            }
        }
        if (type == Boolean.class) {
            return value == JsonValue.TRUE || value == JsonValue.FALSE ? null : "must be true or false";
        }
        if (Collection.class.isAssignableFrom(type) && elementType(component) instanceof Class<?> element && element.isRecord()) {
            if (value.getValueType() != JsonValue.ValueType.ARRAY
                    || !value.asJsonArray().stream().allMatch(item -> item instanceof JsonObject)) {
                return "must be an array of objects";
            }
            for (int i = 0; i < value.asJsonArray().size(); i++) {
                check(element, value.asJsonArray().getJsonObject(i), field + "[" + i + "].", errors);
            }
            return null;
        }
        if (Collection.class.isAssignableFrom(type)) {
            boolean strings = value.getValueType() == JsonValue.ValueType.ARRAY
                    && value.asJsonArray().stream().allMatch(item -> item instanceof JsonString);
            return strings && elementType(component) == String.class ? null : "must be an array of strings";
        }
        if (type.isRecord()) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return "must be an object";
            }
            check(type, value.asJsonObject(), field + ".", errors);
            return null;
        }
        throw new IllegalStateException("request records hold strings, integers, booleans, string arrays, records and"
                + " arrays of records: "
                + component);
    }

    /** A number too large for an int binds as the nearest int, so that its range constraint reports it. */
    private static JsonObject clamped(Class<?> type, JsonObject object) {
        var out = Json.createObjectBuilder(object);
        for (RecordComponent component : type.getRecordComponents()) {
            String name = wireName(component.getName());
            JsonValue value = object.get(name);
            if (component.getType() == Integer.class && value instanceof JsonNumber number) {
                BigDecimal decimal = number.bigDecimalValue();
                if (decimal.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                    out.add(name, Integer.MAX_VALUE);
                } else if (decimal.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
                    out.add(name, Integer.MIN_VALUE);
                } else {
                    out.add(name, decimal.intValueExact());
                }
            } else if (component.getType().isRecord() && value instanceof JsonObject nested) {
                out.add(name, clamped(component.getType(), nested));
            }
        }
        return out.build();
    }

    private static Type elementType(RecordComponent component) {
        return component.getGenericType() instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[0] : Object.class;
    }

    /** The JSON name of a record component: {@code expiresInDays} is {@code expires_in_days}. */
    static String wireName(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String field(Path path) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : path) {
            if (node.getName() != null && node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                names.add(wireName(node.getName()));
            }
        }
        return names.stream().collect(Collectors.joining("."));
    }
}
