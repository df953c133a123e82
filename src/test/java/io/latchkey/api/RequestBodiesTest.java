package io.latchkey.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.latchkey.api.RequestBodies.EmptyMeansDefaults;
import io.latchkey.problems.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestBodiesTest {

    public record Inner(@NotNull(message = "is required") String email) {
    }

    public record Sample(@NotNull(message = "is required") String name, @Min(1) @Max(10) Integer count, Boolean on,
                         Set<String> tags, @Valid Inner inner) {
    }

    @EmptyMeansDefaults
    public record Optional(Integer count) {
    }

    private static <T extends Record> T read(Class<T> type, String json) throws Exception {
        return RequestBodies.read(type, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ProblemException failure(String json) {
        return assertThrows(ProblemException.class, () -> read(Sample.class, json));
    }

    @Test
    void wellTypedFieldsAreBoundWithSnakeCaseNames() throws Exception {
        Sample sample = read(Sample.class, "{\"name\":\"x\",\"count\":3,\"on\":true,\"tags\":[\"a\",\"b\"],\"inner\":{\"email\":\"e\"}}");
        assertEquals(new Sample("x", 3, true, Set.of("a", "b"), new Inner("e")), sample);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{|malformed_json",
            "42|malformed_json",
            "{} {}|malformed_json",
            "'  '|body_required",
            "{\"count\":1e2147483648}|malformed_json",
            "{\"name\":\"x\",\"other\":1}|validation_failed",
            "{\"name\":\"x\",\"count\":1.5}|validation_failed",
            "{\"name\":\"x\",\"count\":11}|validation_failed",
            "{\"name\":\"x\",\"count\":99999999999999999999}|validation_failed",
            "{\"name\":\"x\",\"on\":\"true\"}|validation_failed",
            "{\"name\":\"x\",\"tags\":[1]}|validation_failed",
            "{\"name\":\"x\",\"inner\":[]}|validation_failed",
            "{\"name\":\"x\",\"inner\":{}}|validation_failed",
            "{\"count\":3}|validation_failed"
    })
    void everyKindOfBadBodyIsA4xxWithAStableCode(String json, String code) {
        assertEquals(code, failure(json).code());
    }

    @Test
    void deepNestingAndHugeNumbersAreMalformedNotErrors() {
        assertEquals("malformed_json", failure("{\"tags\":" + "[".repeat(3000) + "]".repeat(3000) + "}").code());
        assertEquals("malformed_json", failure("{\"count\":" + "9".repeat(2000) + "}").code());
    }

    @Test
    void aBodyOver16KiBIs413() {
        assertEquals(413, failure("{\"name\":\"" + "x".repeat(RequestBodies.MAX_BYTES) + "\"}").status());
    }

    @Test
    void typeErrorsAreReportedTogetherWithTheirFields() {
        ProblemException problem = failure("{\"name\":1,\"count\":\"x\",\"extra\":true,\"inner\":{\"email\":2}}");
        assertEquals(Set.of("name", "count", "extra", "inner.email"),
                Set.copyOf(problem.toProblem("r").errors().stream().map(e -> e.field()).toList()));
    }

    @Test
    void constraintViolationsNameTheFieldInSnakeCase() {
        ProblemException problem = failure("{\"name\":\"x\",\"count\":99999999999999999999,\"inner\":{}}");
        assertEquals(Set.of("count", "inner.email"),
                Set.copyOf(problem.toProblem("r").errors().stream().map(e -> e.field()).toList()));
    }

    @Test
    void anOptionalBodyMayBeEmpty() throws Exception {
        assertEquals(new Optional(null), read(Optional.class, ""));
        assertEquals("body_required", failure("").code());
    }

    @Test
    void wireNamesAreSnakeCase() {
        assertEquals("expires_in_days", RequestBodies.wireName("expiresInDays"));
        assertEquals("name", RequestBodies.wireName("name"));
    }
}
