package io.latchkey.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Makes the served OpenAPI document describe the wire as it is ({@code mp.openapi.filter}): property
 * names in snake_case (JSON-B's naming here), successful bodies inside the envelope (lists with their
 * pagination), and the problem document on every error an operation can answer.
 */
public class OpenApiContract implements OASFilter {

    private static final String PROBLEM = "Problem";
    /** On a response: the Java record its {@code data} is ({@code []} after the name for a list). */
    private static final String VIEW = "x-latchkey-view";
    private static final Map<String, String> ERRORS = Map.of(
            "400", "Invalid input (validation_failed with field errors, malformed_json, ...)",
            "401", "No or bad credentials (authentication_required, key_invalid, key_expired, key_revoked, ...)",
            "403", "Not allowed (insufficient_role, read_only_key, owner_has_more_roles, ...)",
            "404", "Not found, or not the caller's (not_found)",
            "409", "Conflicts with the current state (key_not_active, key_limit_reached, last_admin, ...)",
            "413", "Body over 16 KiB (body_too_large)",
            "415", "Not JSON (unsupported_media_type)",
            "429", "Too many failed authentications or password checks (Retry-After)");

    /** A request body: its record (by name, as views are named) and one realistic body of it. */
    private record Body(String record, Object example) {
    }

    /** Every request schema, for people reading the document and for generated samples. */
    private static final Map<String, Body> BODIES = Map.ofEntries(Map.entry(
            "NewKey", new Body("io.latchkey.keys.boundary.KeyRequests$NewKey",
                    Map.of("description", "CI deploy", "access", "read_write", "expires_in_days", 30,
                            "scopes", List.of("orders:read")))), Map.entry(
            "NewService", new Body("io.latchkey.services.boundary.ServiceRequests$NewService",
                    Map.of("name", "orders", "description", "Order service", "scopes", List.of(
                            Map.of("name", "orders:read", "description", "Read orders"),
                            Map.of("name", "orders:write", "description", "Place and cancel orders", "writes", true))))), Map.entry(
            "NewServiceAccount", new Body("io.latchkey.accounts.boundary.AccountRequests$NewServiceAccount",
                    Map.of("name", "Release pipeline", "roles", List.of("token-manager"),
                            "responsible_id", "5b0c6e1e-3f0a-4c39-9f3c-2f7d0e1a9b41"))), Map.entry(
            "ServiceAccountChanges", new Body("io.latchkey.accounts.boundary.AccountRequests$ServiceAccountChanges",
                    Map.of("manager_ids", List.of("0f9e2a4c-7b1d-4e8a-a1c3-5d6f7e8a9b0c")))), Map.entry(
            "ServiceChanges", new Body("io.latchkey.services.boundary.ServiceRequests$ServiceChanges",
                    Map.of("admins_only", true))), Map.entry(
            "NewWebhook", new Body("io.latchkey.webhooks.boundary.WebhookRequests$NewWebhook",
                    Map.of("url", "https://hooks.example.com/latchkey", "description", "Security team's SIEM",
                            "events", List.of("key.revoked", "leak.reported")))), Map.entry(
            "WebhookChanges", new Body("io.latchkey.webhooks.boundary.WebhookRequests$WebhookChanges",
                    Map.of("active", false))), Map.entry(
            "KeyChanges", new Body("io.latchkey.keys.boundary.KeyRequests$KeyChanges",
                    Map.of("description", "CI deploy (production)", "access", "read_only"))), Map.entry(
            "Regeneration", new Body("io.latchkey.keys.boundary.KeyRequests$Regeneration",
                    Map.of("expires_at", "2027-06-30"))), Map.entry(
            "NewUser", new Body("io.latchkey.accounts.boundary.AccountRequests$NewUser",
                    Map.of("email", "dev@example.com", "name", "Dana Developer", "password", "correct-horse-battery",
                            "roles", List.of("token-manager")))), Map.entry(
            "UserChanges", new Body("io.latchkey.accounts.boundary.AccountRequests$UserChanges",
                    Map.of("roles", List.of("member"), "active", false))), Map.entry(
            "OrganizationChanges", new Body("io.latchkey.accounts.boundary.AccountRequests$OrganizationChanges",
                    Map.of("max_key_lifetime_days", 90, "default_key_lifetime_days", 30))), Map.entry(
            "NewOrganization", new Body("io.latchkey.accounts.boundary.AccountRequests$NewOrganization",
                    Map.of("name", "Payments team", "admin", Map.of("email", "lead@example.com",
                            "name", "Lee Lead", "password", "correct-horse-battery")))), Map.entry(
            "SignIn", new Body("io.latchkey.console.SessionResource$SignIn",
                    Map.of("email", "dev@example.com", "password", "correct-horse-battery"))), Map.entry(
            "StreamAck", new Body("io.latchkey.keys.boundary.KeyRequests$StreamAck",
                    Map.of("stream", "3f2b8c1e-7a4d-4e9b-8c2f-1d0e9a8b7c6d", "change", "9a8b7c6d-1d0e-4f2c-8b9e-4d7a1e8c2b3f"))), Map.entry(
            "Verification", new Body("io.latchkey.keys.boundary.KeyRequests$Verification",
                    Map.of("key", "lk_2fXk9QmV7bN1cR4tY8uW0zA3sD6gH5jKLp0q1e"))));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        dropNonStandardEndpoints(openAPI);
        if (openAPI.getComponents() == null) {
            openAPI.components(OASFactory.createComponents());
        }
        if (openAPI.getComponents().getSchemas() != null) {
            Map<String, Schema> cleaned = new LinkedHashMap<>();
            openAPI.getComponents().getSchemas().forEach((name, schema) -> cleaned.put(name, clean(schema)));
            cleaned.remove("Page"); // the generic list holder never appears on the wire: lists are enveloped
            BODIES.forEach((name, body) -> {
                Schema schema = cleaned.get(name);
                if (schema != null && (schema.getProperties() == null || schema.getProperties().isEmpty())) {
                    // the server's scanner made nothing of the record (Open Liberty's sees no record components)
                    schema = typeSchema(classNamed(body.record()));
                    cleaned.put(name, schema);
                }
                if (schema != null) {
                    schema.example(body.example());
                }
            });
            openAPI.getComponents().setSchemas(cleaned);
        }
        openAPI.getComponents().addSchema(PROBLEM, problem());
        openAPI.getComponents().addSchema("Pagination", SchemaTypes.schema(SchemaType.OBJECT)
                .addProperty("total", integer()).addProperty("limit", integer()).addProperty("offset", integer())
                .addProperty("has_more", SchemaTypes.schema(SchemaType.BOOLEAN)));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem path : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                shape(operation);
            }
        }
    }

    /**
     * Payara Micro adds a top-level {@code endpoints} map to the document, which is not OpenAPI: client
     * generators' parsers reject it. Its model has a setter for it; other servers' models have none, and
     * then nothing happens here.
     */
    private static void dropNonStandardEndpoints(OpenAPI openAPI) {
        try {
            openAPI.getClass().getMethod("setEndpoints", Map.class).invoke(openAPI, new java.util.TreeMap<String, Object>());
        } catch (ReflectiveOperationException | RuntimeException notThere) {
            // not Payara's model: nothing to drop
        }
    }

    private static void shape(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.responses(responses);
        }
        if (responses.getAPIResponses() != null) {
            for (APIResponse response : responses.getAPIResponses().values()) {
                Content content = response.getContent();
                MediaType json = content == null || content.getMediaTypes() == null ? null
                        : content.getMediaTypes().get("application/json");
                Object view = response.getExtensions() == null ? null : response.getExtensions().get(VIEW);
                if (view != null) {
                    response.removeExtension(VIEW);
                }
                if (json != null && json.getSchema() != null) {
                    json.schema(envelope(view == null ? clean(json.getSchema()) : viewSchema(view.toString())));
                }
            }
        }
        for (Map.Entry<String, String> error : ERRORS.entrySet()) {
            if (responses.getAPIResponse(error.getKey()) == null) {
                responses.addAPIResponse(error.getKey(), OASFactory.createAPIResponse().description(error.getValue())
                        .content(OASFactory.createContent().addMediaType("application/problem+json",
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)))));
            }
        }
    }

    /** {@code {request_id, timestamp, data, pagination?}}: a list's items become {@code data} beside its page. */
    private static Schema envelope(Schema data) {
        Schema envelope = SchemaTypes.schema(SchemaType.OBJECT)
                .addProperty("request_id", SchemaTypes.schema(SchemaType.STRING))
                .addProperty("timestamp", SchemaTypes.schema(SchemaType.STRING).format("date-time"))
                .addProperty("data", data)
                .required(List.of("request_id", "timestamp", "data"));
        if (SchemaTypes.of(data) == SchemaType.ARRAY) {
            envelope.addProperty("pagination", OASFactory.createSchema().ref("Pagination"));
        }
        return envelope;
    }

    private static Schema problem() {
        Schema error = SchemaTypes.schema(SchemaType.OBJECT)
                .addProperty("field", SchemaTypes.schema(SchemaType.STRING))
                .addProperty("message", SchemaTypes.schema(SchemaType.STRING));
        return SchemaTypes.schema(SchemaType.OBJECT)
                .description("RFC 9457 problem details; `code` is the stable, machine-readable part")
                .addProperty("type", SchemaTypes.schema(SchemaType.STRING))
                .addProperty("title", SchemaTypes.schema(SchemaType.STRING))
                .addProperty("status", integer())
                .addProperty("detail", SchemaTypes.schema(SchemaType.STRING))
                .addProperty("code", SchemaTypes.schema(SchemaType.STRING).example("key_revoked"))
                .addProperty("request_id", SchemaTypes.schema(SchemaType.STRING))
                .addProperty("errors", SchemaTypes.schema(SchemaType.ARRAY).items(error))
                .required(List.of("type", "title", "status", "code", "request_id"));
    }

    private static Schema integer() {
        return SchemaTypes.schema(SchemaType.INTEGER).format("int64");
    }

    /**
     * The schema as the wire has it: snake_case property names, times as date-time strings, a list's item
     * properties under {@code items}, and none of the empty defaults some generators write.
     */
    private static Schema clean(Schema schema) {
        if (schema == null) {
            return null;
        }
        if (schema.getRef() != null) {
            return OASFactory.createSchema().ref(schema.getRef());
        }
        Map<String, Schema> properties = schema.getProperties();
        boolean hasProperties = properties != null && !properties.isEmpty();
        if (SchemaTypes.of(schema) == SchemaType.ARRAY) {
            Schema items = hasProperties
                    ? SchemaTypes.schema(SchemaType.OBJECT).properties(cleanProperties(properties))
                    : clean(schema.getItems());
            return SchemaTypes.schema(SchemaType.ARRAY).items(items);
        }
        Schema out = SchemaTypes.schema(hasProperties ? SchemaType.OBJECT : SchemaTypes.of(schema))
                .format(schema.getFormat()).description(schema.getDescription())
                .enumeration(schema.getEnumeration());
        if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()) {
            out.oneOf(schema.getOneOf().stream().map(OpenApiContract::clean).toList()); // a body with two forms
        }
        if (hasProperties) {
            out.properties(cleanProperties(properties));
        }
        if (schema.getItems() != null) {
            out.items(clean(schema.getItems()));
        }
        if (schema.getRequired() != null && !schema.getRequired().isEmpty()) {
            out.required(schema.getRequired().stream().map(RequestBodies::wireName).toList());
        }
        return out;
    }

    /**
     * The schema of a view record as JSON-B writes it here: one snake_case property per component, times
     * as date-time strings, lists as arrays, nested records inline. Built from the record itself, so the
     * document is the same on every server, whatever its own scanner makes of records.
     */
    private static Schema viewSchema(String view) {
        boolean list = view.endsWith("[]");
        Schema item = typeSchema(classNamed(list ? view.substring(0, view.length() - 2) : view));
        return list ? SchemaTypes.schema(SchemaType.ARRAY).items(item) : item;
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name, true, OpenApiContract.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no class " + name + " for the OpenAPI document", e);
        }
    }

    private static Schema typeSchema(java.lang.reflect.Type type) {
        if (type instanceof java.lang.reflect.ParameterizedType parameterized
                && java.util.Collection.class.isAssignableFrom((Class<?>) parameterized.getRawType())) {
            return SchemaTypes.schema(SchemaType.ARRAY)
                    .items(typeSchema(parameterized.getActualTypeArguments()[0]));
        }
        Class<?> raw = type instanceof Class<?> c ? c : Object.class;
        if (raw == String.class) {
            return SchemaTypes.schema(SchemaType.STRING);
        }
        if (raw == java.time.Instant.class) {
            return SchemaTypes.schema(SchemaType.STRING).format("date-time");
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return integer();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return SchemaTypes.schema(SchemaType.BOOLEAN);
        }
        Schema object = SchemaTypes.schema(SchemaType.OBJECT);
        if (raw.isRecord()) {
            for (java.lang.reflect.RecordComponent component : raw.getRecordComponents()) {
                object.addProperty(RequestBodies.wireName(component.getName()), typeSchema(component.getGenericType()));
            }
        }
        return object;
    }

    private static Map<String, Schema> cleanProperties(Map<String, Schema> properties) {
        Map<String, Schema> cleaned = new LinkedHashMap<>();
        properties.forEach((name, property) -> {
            String wire = RequestBodies.wireName(name);
            Schema value = clean(property);
            boolean opaque = value.getRef() == null && SchemaTypes.of(value) == SchemaType.OBJECT
                    && (value.getProperties() == null || value.getProperties().isEmpty());
            if (opaque && wire.endsWith("_at")) {
                value = SchemaTypes.schema(SchemaType.STRING).format("date-time");
            }
            cleaned.put(wire, value);
        });
        return cleaned;
    }
}
