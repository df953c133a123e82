package io.latchkey.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalPathsTest {

    @ParameterizedTest(name = "{0} is normal: {1}")
    @CsvSource({
            "/api/v1/keys, true",
            "/api/v1/keys/3f2c-11, true",
            "/api/v1/keys/%20, true",
            "/api/v1/keys;x=1, true",
            "/api/v1/keys/.well, true",
            "/api/v1/keys/.., false",
            "/api/v1/keys/../x, false",
            "/api/v1/./keys, false",
            "/api/v1/keys/..;/x, false",
            "/api/v1/keys/%2e%2e/x, false",
            "/api/v1/keys/%2E./x, false",
            "/api/v1/keys/%252e%252e/x, false",
            "/api/v1/keys/..%2F.., false",
            "/api/v1/keys/a%2fb, false",
            "/api/v1/keys/a%5cb, false",
            "/api/v1/keys/%zz, false"
    })
    void pathsInNormalFormPass(String path, boolean normal) {
        assertEquals(normal, NormalPaths.normal(path));
    }
}
