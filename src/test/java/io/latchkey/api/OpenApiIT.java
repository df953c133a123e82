package io.latchkey.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.latchkey.testsupport.DeployedLatchkey;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The served OpenAPI document is a contract client generators can use: it parses without a single
 * message, and every JAX-RS method of the WAR is in it with an operation id, its security, its request
 * body's schema and its enveloped response schema, and problem responses.
 */
class OpenApiIT extends DeployedLatchkey {

    private static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target/classes");

    private OpenAPI document() throws Exception {
        URI openapi = URI.create("http://127.0.0.1:" + url.getPort() + "/openapi");
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(openapi).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body(), null, options);
        assertEquals(List.of(), parsed.getMessages(), "the parser's messages");
        return parsed.getOpenAPI();
    }

    private record Endpoint(String method, String path, Method java) {
    }

    /** Every resource method in the built WAR's classes. */
    private static List<Endpoint> endpoints() throws IOException, ClassNotFoundException {
        List<Endpoint> endpoints = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(CLASSES)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith("Resource.class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replace(".class", "");
                Class<?> type = Class.forName(name);
                Path root = type.getAnnotation(Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = method.isAnnotationPresent(GET.class) ? "get" : method.isAnnotationPresent(POST.class) ? "post"
                            : method.isAnnotationPresent(PATCH.class) ? "patch" : method.isAnnotationPresent(DELETE.class)
                            ? "delete" : method.isAnnotationPresent(PUT.class) ? "put" : null;
                    if (verb != null) {
                        Path sub = method.getAnnotation(Path.class);
                        endpoints.add(new Endpoint(verb, "/api/v1/" + root.value() + (sub == null ? "" : "/" + sub.value()), method));
                    }
                }
            }
        }
        return endpoints;
    }

    @TestFactory
    Stream<DynamicTest> everyResourceMethodIsInTheContract() throws Exception {
        OpenAPI document = document();
        assertEquals("Latchkey", document.getInfo().getTitle());
        assertTrue(document.getInfo().getVersion().matches("\\d+\\.\\d+\\.\\d+.*"), document.getInfo().getVersion());
        assertEquals(List.of("apiKey", "basic", "bearer"),
                document.getComponents().getSecuritySchemes().keySet().stream().sorted().toList());
        List<Endpoint> endpoints = endpoints();
        assertTrue(endpoints.size() >= 20, "resource methods: " + endpoints.size());
        return endpoints.stream().map(endpoint -> DynamicTest.dynamicTest(endpoint.method().toUpperCase() + " "
                + endpoint.path(), () -> {
            Map.Entry<String, PathItem> path = document.getPaths().entrySet().stream()
                    .filter(p -> p.getKey().endsWith(endpoint.path())).findFirst()
                    .orElseThrow(() -> new AssertionError("not in the document: " + endpoint.path()));
            Operation operation = path.getValue().readOperationsMap().get(PathItem.HttpMethod.valueOf(endpoint.method().toUpperCase()));
            assertNotNull(operation, endpoint.method() + " " + endpoint.path());
            assertNotNull(operation.getOperationId(), "an operation id");
            if (endpoint.path().endsWith("/leaks")) {
                assertTrue(operation.getSecurity() == null || operation.getSecurity().isEmpty(), "anyone reports a leak: "
                        + operation.getSecurity());
                Schema<?> report = operation.getRequestBody().getContent().get("application/json").getSchema();
                if (report.get$ref() != null) {
                    report = document.getComponents().getSchemas().get(report.get$ref().replace("#/components/schemas/", ""));
                }
                assertEquals(2, report.getOneOf().size(), "the two body forms: " + report);
            } else if (endpoint.path().endsWith("/session") || endpoint.path().contains("/session/")) {
                assertTrue(operation.getSecurity() == null || operation.getSecurity().isEmpty(), "the console session and sign-in: "
                        + operation.getSecurity());
            } else if (endpoint.path().endsWith("/auth/forward")) {
                assertEquals(2, operation.getSecurity().size(), "keys only (bearer or X-API-Key): " + operation.getSecurity());
            } else {
                assertEquals(3, operation.getSecurity().size(), "bearer, X-API-Key or Basic: " + operation.getSecurity());
            }
            boolean takesBody = Stream.of(endpoint.java().getParameterTypes()).anyMatch(Class::isRecord);
            if (takesBody) {
                Schema<?> body = operation.getRequestBody().getContent().get("application/json").getSchema();
                if (body.get$ref() != null) {
                    body = document.getComponents().getSchemas().get(body.get$ref().replace("#/components/schemas/", ""));
                }
                assertNotNull(body.getProperties(), "request body schema of " + operation.getOperationId());
                assertNotNull(body.getExample(), "an example body for " + operation.getOperationId());
                body.getProperties().keySet().forEach(name -> assertEquals(name.toLowerCase(), name, "snake_case: " + name));
            }
            // sign-in through the provider is for browsers: it answers with redirects
            String successful = endpoint.path().contains("/session/oidc") ? "303" : "2";
            ApiResponse success = operation.getResponses().entrySet().stream().filter(r -> r.getKey().startsWith(successful))
                    .map(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no " + successful + "xx response"));
            if (success.getContent() != null && success.getContent().get("application/json") != null) {
                Schema<?> envelope = success.getContent().get("application/json").getSchema();
                assertTrue(envelope.getProperties().containsKey("data") && envelope.getProperties().containsKey("request_id"),
                        "enveloped: " + envelope.getProperties().keySet());
                Schema<?> data = envelope.getProperties().get("data");
                Schema<?> view = "array".equals(data.getType()) ? data.getItems() : data;
                assertTrue(view.getProperties() != null && !view.getProperties().isEmpty(), "the view's schema: " + data);
                view.getProperties().keySet().forEach(name -> assertEquals(name.toLowerCase(), name, "snake_case: " + name));
                assertEquals("array".equals(data.getType()), envelope.getProperties().containsKey("pagination"),
                        "lists carry their pagination");
            }
            assertNotNull(operation.getResponses().get("401"), "problem responses");
            assertEquals("#/components/schemas/Problem",
                    operation.getResponses().get("401").getContent().get("application/problem+json").getSchema().get$ref());
        }));
    }

    /**
     * The API reference (src/site/markdown/api.md, its Endpoints table) and the served document list the same
     * operations: none undocumented, none documented that does not exist.
     */
    /** Forward authentication is a servlet: its operation comes from META-INF/openapi.yaml, shaped like the others. */
    @Test
    void forwardAuthenticationIsInTheContractThoughNotAResource() throws Exception {
        OpenAPI document = document();
        Operation forward = document.getPaths().get("/api/v1/auth/forward").getGet();
        assertNotNull(forward, "GET /api/v1/auth/forward");
        assertEquals("forwardAuth", forward.getOperationId());
        assertEquals(List.of("Gateways"), forward.getTags());
        assertEquals(List.of(Set.of("bearer"), Set.of("apiKey")),
                forward.getSecurity().stream().map(Map::keySet).toList());
        assertEquals(List.of("X-Forwarded-Method", "X-Original-Method", "scope"),
                forward.getParameters().stream().map(io.swagger.v3.oas.models.parameters.Parameter::getName).toList());
        assertTrue(forward.getResponses().get("200").getHeaders().containsKey("X-Latchkey-Key-Id"), forward.toString());
        for (String problem : List.of("400", "401", "403", "429")) {
            ApiResponse response = forward.getResponses().get(problem);
            assertNotNull(response, problem);
            assertNotNull(response.getContent().get("application/problem+json"), problem);
        }
        Set<String> declared = new TreeSet<>();
        document.getTags().forEach(tag -> declared.add(tag.getName()));
        document.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                assertTrue(operation.getTags() == null || declared.containsAll(operation.getTags()), operation.getOperationId() + " names tags "
                        + operation.getTags() + "; declared: " + declared)));
    }

    @Test
    void theApiReferenceListsExactlyTheOperationsOfTheDocument() throws Exception {
        Set<String> served = new TreeSet<>();
        document().getPaths().entrySet().stream()
                .filter(path -> !path.getKey().startsWith("/api/v1/test-support/")) // the test WAR's helpers only
                .forEach(path -> path.getValue().readOperationsMap().keySet().forEach(method ->
                        served.add(method.name() + " " + path.getKey())));
        Set<String> documented = new TreeSet<>();
        String reference = Files.readString(java.nio.file.Path.of("src/site/markdown/api.md"));
        String table = reference.substring(reference.indexOf("## Endpoints"), reference.indexOf("\n## ", reference.indexOf("## Endpoints") + 1));
        Matcher operation = Pattern
                .compile("`((?:GET|POST|PATCH|PUT|DELETE)(?:/(?:GET|POST|PATCH|PUT|DELETE))*) (/[^`?\\s]*)[^`]*`").matcher(table);
        while (operation.find()) {
            for (String method : operation.group(1).split("/")) {
                documented.add(method + " /api/v1" + operation.group(2));
            }
        }
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> unserved = new TreeSet<>(documented);
        unserved.removeAll(served);
        assertEquals(List.of(), List.copyOf(undocumented), "in the OpenAPI document but not in api.md's Endpoints table");
        assertEquals(List.of(), List.copyOf(unserved), "in api.md's Endpoints table but not in the OpenAPI document");
    }
}
