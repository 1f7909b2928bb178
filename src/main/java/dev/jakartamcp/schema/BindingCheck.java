package dev.jakartamcp.schema;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbCreator;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.PriorityBlockingQueue;

/**
 * Finds, once at deployment, what would make every binding of a type fail: a collection or map the binder has no
 * implementation for, a sorted collection of items that are not {@code Comparable}, a bean JSON-B cannot create.
 * Inside a bean, JSON-B chooses the implementations, so only the last two are looked for there. Other types the binder
 * does not know go to JSON-B, which knows more of the JDK ({@code Locale}, ...) than the schema generator does.
 */
final class BindingCheck {

    private final Set<Type> seen = new HashSet<>();
    private final DataClassNesting nesting = new DataClassNesting();

    private BindingCheck() {
    }

    /** Throws an {@link IllegalArgumentException} saying what cannot work. */
    static void require(Type type) {
        new BindingCheck().check(type, false);
    }

    private void check(Type type, boolean viaJsonb) {
        Class<?> raw = Types.raw(type);
        if (JsonValue.class.isAssignableFrom(raw) || raw == Object.class || !seen.add(type)) {
            return;
        }
        Type component = Types.arrayComponent(type);
        if (raw == Optional.class) {
            check(Types.argumentsOf(type, Optional.class)[0], viaJsonb);
        } else if (component != null) {
            check(component, viaJsonb);
        } else if (Collection.class.isAssignableFrom(raw)) {
            Type element = Types.argumentsOf(type, Collection.class)[0];
            if (!viaJsonb) {
                ValueReader.emptyCollection(raw, element);
            }
            Class<?> item = Types.raw(element);
            if (Set.class.isAssignableFrom(raw) && hashesUrl(element, new HashSet<>())) {
                // URL.hashCode and equals resolve the host name: binding a caller's set would make a DNS lookup per item
                throw new IllegalArgumentException(raw.getSimpleName() + " compares its items by hashCode and equals, which for"
                        + " java.net.URL resolve its host name (a DNS lookup of each item a caller sends); declare java.net.URI");
            }
            // Object is no exception: the strings, numbers, objects and nulls a caller sends for it cannot be ordered
            if (sorts(raw) && !Comparable.class.isAssignableFrom(item)) {
                throw new IllegalArgumentException(raw.getSimpleName() + " keeps its items sorted, and "
                        + item.getSimpleName() + " is not Comparable; declare a Set or a List");
            }
            check(element, viaJsonb);
        } else if (Map.class.isAssignableFrom(raw)) {
            Type[] keyAndValue = Types.argumentsOf(type, Map.class);
            Class<?> key = Types.raw(keyAndValue[0]);
            if (!viaJsonb) {
                ValueReader.emptyMap(raw, key);
                if (key != String.class && key != Object.class && !key.isEnum()) {
                    // as the schema generator refuses them: a hand-written schema must not let them deploy to fail every call
                    throw new IllegalArgumentException("Map keys must be String or an enum: " + type.getTypeName());
                }
            }
            check(keyAndValue[1], viaJsonb);
        } else if (TypeSchemas.isDataClass(type)) {
            if (!raw.isRecord()) {
                requireJsonbCanCreate(raw);
            }
            nesting.enter(type);
            for (DataProperty property : DataProperties.of(type)) {
                check(property.type(), viaJsonb || !raw.isRecord());
            }
            nesting.exit();
        }
    }

    /** Whether the hashCode of a {@code type} value asks a {@link java.net.URL}'s (itself, in a record, an Optional, a collection). */
    private static boolean hashesUrl(Type type, Set<Type> seen) {
        Class<?> raw = Types.raw(type);
        if (raw == java.net.URL.class) {
            return true;
        }
        if (!seen.add(type) || Types.arrayComponent(type) != null) {
            return false; // an array's hashCode is its identity's
        }
        if (raw == Optional.class) {
            return hashesUrl(Types.argumentsOf(type, Optional.class)[0], seen);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return hashesUrl(Types.argumentsOf(type, Collection.class)[0], seen);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return hashesUrl(Types.argumentsOf(type, Map.class)[1], seen);
        }
        return raw.isRecord() && DataProperties.of(type).stream().anyMatch(p -> hashesUrl(p.type(), seen));
    }

    private static boolean sorts(Class<?> collection) {
        return SortedSet.class.isAssignableFrom(collection) || PriorityQueue.class.isAssignableFrom(collection)
                || PriorityBlockingQueue.class.isAssignableFrom(collection);
    }

    /** JSON-B creates a bean through a public or protected constructor without parameters, or its {@code @JsonbCreator}. */
    private static void requireJsonbCanCreate(Class<?> bean) {
        for (Constructor<?> constructor : bean.getDeclaredConstructors()) {
            int modifiers = constructor.getModifiers();
            if ((constructor.getParameterCount() == 0 && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers)))
                    || constructor.isAnnotationPresent(JsonbCreator.class)) {
                return;
            }
        }
        for (Method method : bean.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.isAnnotationPresent(JsonbCreator.class)) {
                return;
            }
        }
        throw new IllegalArgumentException("JSON-B cannot create a " + bean.getSimpleName() + ": it has no public or protected"
                + " constructor without parameters" + (bean.isMemberClass() && !Modifier.isStatic(bean.getModifiers())
                ? " (an inner class takes its enclosing instance; make it static)" : "") + " and no @JsonbCreator");
    }
}
