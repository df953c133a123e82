package io.latchkey.leaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.latchkey.keys.control.LeakReports.Leak;
import io.latchkey.problems.Problem.FieldError;
import io.latchkey.problems.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakReportBodyTest {

    private static JsonValue json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static ProblemException refused(String text) {
        return assertThrows(ProblemException.class, () -> LeakReportBody.read(json(text)));
    }

    private static List<String> fields(ProblemException problem) {
        return problem.toProblem("r").errors().stream().map(FieldError::field).toList();
    }

    @Test
    void thePartnerBodyKeepsTokenAndDetailsAndIgnoresOtherFields() {
        List<Leak> leaks = LeakReportBody.read(json("[{\"token\":\"a\",\"type\":\"t\",\"url\":\"u\",\"source\":\"s\","
                + "\"extra\":[1]},{\"token\":\"b\",\"url\":null}]"));
        assertEquals(List.of(new Leak("a", "t", "u", "s"), new Leak("b", null, null, null)), leaks);
    }

    @Test
    void theKeysBodyIsStrict() {
        assertEquals(List.of(new Leak("a", null, null, null)), LeakReportBody.read(json("{\"keys\":[\"a\"]}")));
        assertEquals(List.of("note"), fields(refused("{\"keys\":[\"a\"],\"note\":1}")));
        assertEquals(List.of("keys"), fields(refused("{}")));
        assertEquals(List.of("keys"), fields(refused("{\"keys\":[1]}")));
    }

    @Test
    void everyItemErrorIsNamedAtOnce() {
        ProblemException problem = refused("[{\"url\":\"u\"},{\"token\":1},2,{\"token\":\"x\",\"source\":{}}]");
        assertEquals("validation_failed", problem.code());
        assertEquals(List.of("[0].token", "[1].token", "[2]", "[3].source"), fields(problem));
    }

    @Test
    void atMostOneHundredItemsInEitherForm() {
        String hundred = String.join(",", Collections.nCopies(100, "\"k\""));
        assertEquals(100, LeakReportBody.read(json("{\"keys\":[" + hundred + "]}")).size());
        assertEquals(List.of("keys"), fields(refused("{\"keys\":[" + hundred + ",\"k\"]}")));
        String findings = String.join(",", Collections.nCopies(101, "{\"token\":\"k\"}"));
        assertEquals(List.of("items"), fields(refused("[" + findings + "]")));
    }

    @Test
    void anEmptyReportIsAReportOfNothingAndOtherValuesAreMalformed() {
        assertEquals(List.of(), LeakReportBody.read(json("[]")));
        assertEquals("malformed_json", refused("\"lk_x\"").code());
        assertEquals("malformed_json", refused("42").code());
    }
}
