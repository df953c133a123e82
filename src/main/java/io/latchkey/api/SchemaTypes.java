package io.latchkey.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * A schema's type on every MicroProfile OpenAPI the WAR meets: 3.x (Payara, Open Liberty's
 * {@code mpOpenAPI-3.1}) has one type per schema ({@code type(SchemaType)}, {@code getType()} returns it);
 * 4.0 (WildFly) has a list of them ({@code addType(SchemaType)}, {@code getType()} returns the list).
 * Latchkey is compiled against 3.1, so both are called by name, and only the type: every other method
 * it uses is the same in both.
 */
final class SchemaTypes {

    private static final Method GET_TYPE = method("getType");
    private static final boolean LISTS = List.class.isAssignableFrom(GET_TYPE.getReturnType());
    private static final Method SET_TYPE = LISTS ? method("addType", SchemaType.class) : method("type", SchemaType.class);

    private SchemaTypes() {
    }

    /** A new schema of this type. */
    static Schema schema(SchemaType type) {
        Schema schema = OASFactory.createSchema();
        if (type != null) {
            invoke(SET_TYPE, schema, type);
        }
        return schema;
    }

    /** The schema's type (the first, where a schema may have several), or null. */
    static SchemaType of(Schema schema) {
        Object type = invoke(GET_TYPE, schema);
        if (type instanceof List<?> types) {
            return types.isEmpty() ? null : (SchemaType) types.get(0);
        }
        return (SchemaType) type;
    }

    private static Method method(String name, Class<?>... parameters) {
        try {
            return Schema.class.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("an unknown MicroProfile OpenAPI version: Schema has no " + name, e);
        }
    }

    private static Object invoke(Method method, Schema schema, Object... arguments) {
        try {
            return method.invoke(schema, arguments);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
