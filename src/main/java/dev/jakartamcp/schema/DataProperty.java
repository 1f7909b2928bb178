package dev.jakartamcp.schema;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One property of a record or a bean as it appears in JSON.
 *
 * @param jsonName    the name in JSON (honours {@code @JsonbProperty})
 * @param type        the generic type with the owner's type variables substituted
 * @param annotations declaration and type-use annotations from every place Java puts them
 * @param required    whether the schema lists it as required before constraints are considered
 * @param accessor    what the value is read with: the record accessor, or the bean's public getter; null for a bean
 *                    property read from its public {@code field}, or not read at all (a setter alone)
 * @param field       the bean's public field, read when it has no getter, as JSON-B does; null otherwise
 */
record DataProperty(String jsonName, Type type, List<Annotation> annotations, boolean required, Method accessor, Field field) {

    /** Whether a value is written for it: JSON-B does not write a bean property that has only a setter. */
    boolean readable() {
        return accessor != null || field != null;
    }

    /** Its value in {@code owner}; its accessor or field made accessible by whoever made it ({@link RecordModel}, ...). */
    Object read(Object owner) {
        try {
            return accessor != null ? accessor.invoke(owner) : field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + (accessor != null ? accessor : field), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Accessor failed: " + accessor, e.getCause());
        }
    }
}
