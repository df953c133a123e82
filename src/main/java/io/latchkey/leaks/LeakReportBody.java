package io.latchkey.leaks;

import io.latchkey.keys.control.LeakReports.Leak;
import io.latchkey.problems.Problem.FieldError;
import io.latchkey.problems.ProblemException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the two body forms of a leak report into {@link Leak}s, all errors at once (400
 * {@code validation_failed}):
 * <ul>
 *   <li>GitHub's secret-scanning partner body, {@code [{"token", "type", "url", "source"}]}: each item an
 *       object with a string {@code token}; {@code type}, {@code url} and {@code source} are optional
 *       strings. Other fields are ignored: GitHub owns this format and may add some.</li>
 *   <li>{@code {"keys": ["…"]}}: our own form, strict like every other body (no other field).</li>
 * </ul>
 * At most {@value #MAX_ITEMS} items. An empty list is a report of nothing.
 */
final class LeakReportBody {

    static final int MAX_ITEMS = 100;
    private static final List<String> DETAILS = List.of("type", "url", "source");

    private LeakReportBody() {
    }

    static List<Leak> read(JsonValue body) {
        List<FieldError> errors = new ArrayList<>();
        List<Leak> leaks = switch (body.getValueType()) {
            case ARRAY -> findings(body.asJsonArray(), errors);
            case OBJECT -> keys(body.asJsonObject(), errors);
            default -> throw ProblemException.badRequest("malformed_json",
                    "The body must be a JSON array of findings or an object {\"keys\": [...]}");
        };
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return leaks;
    }

    private static List<Leak> findings(JsonArray items, List<FieldError> errors) {
        if (items.size() > MAX_ITEMS) {
            errors.add(new FieldError("items", "at most " + MAX_ITEMS + " findings per report"));
            return List.of();
        }
        List<Leak> leaks = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "[" + i + "]";
            if (items.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                errors.add(new FieldError(at, "must be an object with a token"));
                continue;
            }
            JsonObject item = items.getJsonObject(i);
            if (item.get("token") == null || item.get("token") == JsonValue.NULL) {
                errors.add(new FieldError(at + ".token", "is required"));
            }
            String token = string(item, "token", at, errors);
            List<String> details = new ArrayList<>();
            for (String field : DETAILS) {
                details.add(string(item, field, at, errors));
            }
            leaks.add(new Leak(token, details.get(0), details.get(1), details.get(2)));
        }
        return leaks;
    }

    /** The string {@code field} of {@code item}; null when absent or JSON null; a field error when not a string. */
    private static String string(JsonObject item, String field, String at, List<FieldError> errors) {
        JsonValue value = item.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            return text.getString();
        }
        errors.add(new FieldError(at + "." + field, "must be a string"));
        return null;
    }

    private static List<Leak> keys(JsonObject body, List<FieldError> errors) {
        for (String field : body.keySet()) {
            if (!field.equals("keys")) {
                errors.add(new FieldError(field, "unknown field; allowed: keys"));
            }
        }
        JsonValue keys = body.get("keys");
        if (keys == null || keys == JsonValue.NULL) {
            errors.add(new FieldError("keys", "is required"));
            return List.of();
        }
        if (keys.getValueType() != JsonValue.ValueType.ARRAY
                || !keys.asJsonArray().stream().allMatch(key -> key instanceof JsonString)) {
            errors.add(new FieldError("keys", "must be an array of strings"));
            return List.of();
        }
        if (keys.asJsonArray().size() > MAX_ITEMS) {
            errors.add(new FieldError("keys", "at most " + MAX_ITEMS + " keys per report"));
            return List.of();
        }
        return keys.asJsonArray().getValuesAs(JsonString.class).stream()
                .map(key -> new Leak(key.getString(), null, null, null)).toList();
    }
}
