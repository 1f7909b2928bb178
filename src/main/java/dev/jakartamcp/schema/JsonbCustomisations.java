package dev.jakartamcp.schema;

import jakarta.json.bind.annotation.JsonbDateFormat;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbNumberFormat;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.json.bind.annotation.JsonbTypeSerializer;
import jakarta.json.bind.annotation.JsonbVisibility;
import java.lang.annotation.Annotation;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses, with an {@link IllegalArgumentException} naming the class, the property and the annotation, the JSON-B
 * annotations that change the JSON form of a property or a class, which a generated schema does not describe: JSON-B
 * follows some of them where it binds a class (so the schema would disagree with what is read and written), the
 * server's binder none of them (so they would be ignored without a word). {@code @JsonbProperty} (its name),
 * {@code @JsonbTransient}, {@code @JsonbCreator} and {@code @JsonbPropertyOrder} are not refused: the schema follows
 * the first two, and the others do not change what the JSON is.
 */
final class JsonbCustomisations {

    /** JSON-B, which binds a ToolDefinition's arguments of a class, follows the annotation there; the record binder does not. */
    private static final String HAND_WRITTEN = "or, for an argument of a class JSON-B binds, define the tool with a ToolDefinition"
            + " and a hand-written inputSchema";

    private JsonbCustomisations() {
    }

    /** Refuses a customisation on a record component or a bean's field, getter or setter, or on a tool's parameter. */
    static void refuseOnProperty(String where, Iterable<Annotation> annotations) {
        for (Annotation annotation : annotations) {
            String problem = propertyProblem(annotation);
            if (problem == null) {
                problem = metaProblem(annotation);
            }
            if (problem != null) {
                throw new IllegalArgumentException(problem.replace("%s", where.isEmpty() ? "" : " on " + where));
            }
        }
    }

    /** Refuses a customisation on {@code type}, on its package, or (polymorphism) on a class or interface above it. */
    static void refuseOnClass(Class<?> type) {
        String name = type.getSimpleName();
        for (Annotation annotation : type.getAnnotations()) {
            String problem = classProblem(annotation);
            if (problem == null) {
                problem = metaProblem(annotation);
            }
            if (problem != null) {
                throw new IllegalArgumentException(problem.replace("%s", " on " + name));
            }
        }
        Package pkg = type.getPackage();
        if (pkg != null) {
            for (Annotation annotation : pkg.getAnnotations()) {
                String problem = classProblem(annotation);
                if (problem != null) {
                    throw new IllegalArgumentException(problem.replace("%s", " on package " + pkg.getName() + " (of " + name + ")"));
                }
            }
        }
        Deque<Class<?>> above = new ArrayDeque<>(supertypes(type));
        Set<Class<?>> seen = new HashSet<>();
        while (!above.isEmpty()) {
            Class<?> supertype = above.pop();
            if (!seen.add(supertype)) {
                continue;
            }
            if (supertype.isAnnotationPresent(JsonbTypeInfo.class)) {
                throw new IllegalArgumentException(polymorphism(" on " + supertype.getSimpleName() + ", which " + name
                        + (supertype.isInterface() ? " implements," : " extends,")));
            }
            above.addAll(supertypes(supertype));
        }
    }

    private static List<Class<?>> supertypes(Class<?> type) {
        List<Class<?>> supertypes = new java.util.ArrayList<>(Arrays.asList(type.getInterfaces()));
        if (type.getSuperclass() != null && type.getSuperclass() != Object.class) {
            supertypes.add(type.getSuperclass());
        }
        return supertypes;
    }

    /** "%s" stands for where the annotation is (" on Event.day"), or nothing on a tool's parameter. */
    private static String propertyProblem(Annotation annotation) {
        if (annotation instanceof JsonbTypeAdapter || annotation instanceof JsonbTypeSerializer
                || annotation instanceof JsonbTypeDeserializer) {
            return "@" + annotation.annotationType().getSimpleName() + "%s changes the JSON form of the value, which the"
                    + " generated schema cannot know (JSON-B follows it, the server's own binder of records does not);"
                    + " declare the property as the type its JSON has (String, a record, ...) and convert it in the tool, "
                    + HAND_WRITTEN;
        }
        if (annotation instanceof JsonbDateFormat format) {
            return "@JsonbDateFormat(\"" + format.value() + "\")%s is not followed: java.time values are read and written"
                    + " as ISO 8601 / RFC 3339 text (2024-12-31), as the schema says, whatever the format; declare the"
                    + " property as String and parse it in the tool";
        }
        if (annotation instanceof JsonbNumberFormat format) {
            return "@JsonbNumberFormat(\"" + format.value() + "\")%s makes JSON-B write and read the number as formatted"
                    + " text (\"3.00\"), while the schema says a JSON number and the server's own binder reads one;"
                    + " declare the property as String and format or parse it in the tool, or leave the annotation out";
        }
        if (annotation instanceof JsonbNillable nillable && nillable.value()) {
            return nillable();
        }
        if (annotation instanceof JsonbProperty property && nillableProperty(property)) {
            return "@JsonbProperty(nillable = true)%s would have a null written as null, which the schema does not"
                    + " admit: a null property is left out of what is written, and the schema says so; leave nillable out";
        }
        return null;
    }

    @SuppressWarnings("deprecation")
    private static boolean nillableProperty(JsonbProperty property) {
        return property.nillable();
    }

    private static String classProblem(Annotation annotation) {
        if (annotation instanceof JsonbVisibility) {
            return "@JsonbVisibility%s changes which fields and methods JSON-B takes for properties, while the schema"
                    + " describes public fields and public getters and setters; make the properties public (or give them"
                    + " public getters and setters) and leave the others out with @JsonbTransient";
        }
        if (annotation instanceof JsonbTypeInfo || annotation instanceof JsonbSubtype) {
            return polymorphism("%s");
        }
        return propertyProblem(annotation);
    }

    /** An annotation of the author's own that carries a refused one (JSON-B follows those too). */
    private static String metaProblem(Annotation annotation) {
        Class<? extends Annotation> type = annotation.annotationType();
        if (type.getName().startsWith("java.") || type.getName().startsWith("jakarta.json.bind.")) {
            return null;
        }
        for (Annotation meta : type.getAnnotations()) {
            String problem = classProblem(meta);
            if (problem != null) {
                return problem.replace("%s", " (through @" + type.getSimpleName() + ")%s");
            }
        }
        return null;
    }

    private static String nillable() {
        return "@JsonbNillable%s would have a null written as null, which the schema does not admit: a null property is"
                + " left out of what is written, and the schema says so; leave the annotation out";
    }

    private static String polymorphism(String where) {
        return "@JsonbTypeInfo" + where + " has JSON-B read and write a type key and subtypes (@JsonbSubtype) that the"
                + " schema does not describe; declare one concrete class for the shape (a record with an enum for the"
                + " kind and Optional components for what differs), " + HAND_WRITTEN;
    }
}
