package io.latchkey.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.keys.control.SecretCodec;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The client JAR's classes as compiled (target/client-classes), beside the server's. */
class ClientJarTest {

    private static final Path SOURCES = Path.of("src/client/java");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> ALLOWED = List.of("java.", "jakarta.", "org.eclipse.microprofile.config.",
            "com.github.benmanes.caffeine.", "io.latchkey.client.");

    @Test
    void itsChecksumAcceptsTheServersKeysAndNothingElse() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of("target/client-classes").toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> format = loader.loadClass("io.latchkey.client.KeyFormat");
            Constructor<?> constructor = format.getDeclaredConstructor(String.class);
            constructor.setAccessible(true);
            Object lk = constructor.newInstance("lk");
            Method wellFormed = format.getDeclaredMethod("wellFormed", String.class);
            wellFormed.setAccessible(true);
            SecretCodec codec = new SecretCodec("lk", new SecureRandom());
            for (int i = 0; i < 2_000; i++) {
                String key = codec.generate().plaintext();
                assertTrue((Boolean) wellFormed.invoke(lk, key), key);
                String typo = key.substring(0, 10) + (key.charAt(10) == 'a' ? 'b' : 'a') + key.substring(11);
                assertEquals(codec.digestIfWellFormed(typo).isPresent(), wellFormed.invoke(lk, typo), typo);
                assertFalse((Boolean) wellFormed.invoke(lk, "ab" + key.substring(2)), "another prefix");
                assertFalse((Boolean) wellFormed.invoke(lk, key.substring(0, 20) + "-" + key.substring(21)), "not base62");
            }
            assertFalse((Boolean) wellFormed.invoke(lk, (Object) null));
        }
    }

    @Test
    void itImportsOnlyTheServersApisAndCaffeine() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String imported = imports.group(2);
                    assertTrue(ALLOWED.stream().anyMatch(imported::startsWith), file + " imports " + imported);
                }
            }
        }
    }
}
