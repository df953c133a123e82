package io.latchkey.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.problems.ProblemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private static JsonBody read(String json, boolean required) {
        return JsonBody.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), required,
                Set.of("name", "count", "on", "tags"));
    }

    private static ProblemException failure(String json) {
        return assertThrows(ProblemException.class, () -> {
            JsonBody body = read(json, true);
            body.string("name");
            body.integer("count", 1, 10);
            body.bool("on");
            body.strings("tags");
            body.check();
        });
    }

    @Test
    void wellTypedFieldsAreRead() {
        JsonBody body = read("{\"name\":\"x\",\"count\":3,\"on\":true,\"tags\":[\"a\",\"a\",\"b\"]}", true);
        assertEquals(Optional.of("x"), body.string("name"));
        assertEquals(Optional.of(3), body.integer("count", 1, 10));
        assertEquals(Optional.of(true), body.bool("on"));
        assertEquals(Optional.of(Set.of("a", "b")), body.strings("tags"));
        body.check();
    }

    @Test
    void everyKindOfBadBodyIsA4xxWithAStableCode() {
        assertEquals("malformed_json", failure("{").code());
        assertEquals("malformed_json", failure("42").code());
        assertEquals("malformed_json", failure("{} {}").code());
        assertEquals("body_required", failure("  ").code());
        assertEquals("malformed_json", failure("{\"count\":1e2147483648}").code());
        assertEquals("malformed_json", failure("{\"count\":" + "9".repeat(2000) + "}").code());
        assertEquals("malformed_json", failure("{\"tags\":" + "[".repeat(3000) + "]".repeat(3000) + "}").code());
        assertEquals("validation_failed", failure("{\"other\":1}").code());
        assertEquals("validation_failed", failure("{\"count\":1.5}").code());
        assertEquals("validation_failed", failure("{\"count\":11}").code());
        assertEquals("validation_failed", failure("{\"count\":99999999999999999999}").code());
        assertEquals("validation_failed", failure("{\"on\":\"true\"}").code());
        assertEquals("validation_failed", failure("{\"tags\":[1]}").code());
        ProblemException tooBig = failure("{\"name\":\"" + "x".repeat(JsonBody.MAX_BYTES) + "\"}");
        assertEquals(413, tooBig.status());
    }

    @Test
    void allFieldErrorsAreReportedTogether() {
        ProblemException problem = failure("{\"name\":1,\"count\":\"x\",\"extra\":true}");
        assertEquals(3, problem.toProblem("r").errors().size());
    }

    @Test
    void anOptionalEmptyBodyReadsAsAnEmptyObject() {
        JsonBody body = read("", false);
        assertTrue(body.string("name").isEmpty());
        body.check();
    }
}
