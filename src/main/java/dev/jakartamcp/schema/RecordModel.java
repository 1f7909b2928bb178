package dev.jakartamcp.schema;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

/** What binding needs to know about a record type: its JSON properties and its canonical constructor. */
final class RecordModel {

    final List<DataProperty> properties;
    private final Constructor<?> constructor;
    private final int[] slots;
    private final Class<?>[] componentTypes;

    RecordModel(Type type) {
        Class<?> record = Types.raw(type);
        RecordComponent[] components = record.getRecordComponents();
        componentTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            componentTypes[i] = components[i].getType();
        }
        properties = DataProperties.of(type);
        slots = new int[properties.size()];
        for (int p = 0; p < slots.length; p++) {
            Method accessor = properties.get(p).accessor();
            accessor.trySetAccessible(); // records declared inside a class are often not public
            for (int i = 0; i < components.length; i++) {
                if (components[i].getAccessor().equals(accessor)) {
                    slots[p] = i;
                }
            }
        }
        try {
            constructor = record.getDeclaredConstructor(componentTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Record without canonical constructor: " + record, e);
        }
        constructor.trySetAccessible();
    }

    /**
     * Creates the record from property values in {@link #properties} order. Components left out
     * of JSON ({@code @JsonbTransient}) get their default value.
     */
    Object create(Object[] propertyValues) throws InvocationTargetException {
        Object[] args = new Object[componentTypes.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = defaultValue(componentTypes[i]);
        }
        for (int p = 0; p < slots.length; p++) {
            if (propertyValues[p] != null) {
                args[slots[p]] = propertyValues[p];
            }
        }
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("Cannot create " + constructor.getDeclaringClass(), e);
        }
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0);
    }
}
