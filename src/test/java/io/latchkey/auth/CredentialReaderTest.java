package io.latchkey.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.latchkey.keys.control.SecretCodec;
import io.latchkey.problems.ProblemException;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialReaderTest {

    private static final SecretCodec CODEC = new SecretCodec("lk", new SecureRandom());
    private static final String KEY = CODEC.generate().plaintext();

    private static CredentialReader reader() {
        CredentialReader reader = new CredentialReader();
        reader.codec = CODEC;
        return reader;
    }

    static Stream<Arguments> keysInQueries() {
        String encoded = KEY.replace("_", "%5F");
        return Stream.of(
                Arguments.of("plain", "x=" + KEY),
                Arguments.of("percent-encoded underscore", "x=" + encoded),
                Arguments.of("lower-case escape", "x=" + KEY.replace("_", "%5f")),
                Arguments.of("encoded twice", "x=" + KEY.replace("_", "%255F")),
                Arguments.of("encoded three times", "x=" + KEY.replace("_", "%25255F")),
                Arguments.of("after a malformed escape", "q=%ZZ&x=" + encoded),
                Arguments.of("after a truncated escape", "q=%2&x=" + encoded),
                Arguments.of("every character escaped", "x=" + KEY.chars().mapToObj(c -> String.format("%%%02X", c))
                        .reduce("", String::concat)),
                Arguments.of("api_key parameter", "api_key=anything"),
                Arguments.of("encoded parameter name", "api%5Fkey=anything"),
                Arguments.of("access_token parameter", "a=1&access_token=x"),
                Arguments.of("semicolon separator", "a=1;token=x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysInQueries")
    void aKeyInTheQueryIsRefused(String name, String query) {
        ProblemException refused = assertThrows(ProblemException.class, () -> reader().refuseKeyInQuery(query));
        assertEquals("key_in_query", refused.code());
    }

    static Stream<Arguments> harmlessQueries() {
        return Stream.of(
                Arguments.of("search", "q=deploy&limit=20"),
                Arguments.of("key id filter", "key_id=3f2c"),
                Arguments.of("part of a key", "q=" + KEY.substring(0, 20)),
                Arguments.of("malformed escapes only", "q=%ZZ%"),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("harmlessQueries")
    void otherQueriesPass(String name, String query) {
        assertDoesNotThrow(() -> reader().refuseKeyInQuery(query));
    }
}
