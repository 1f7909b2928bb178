package dev.jakartamcp.schema;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Discovers the JSON properties of records (components) and beans (public fields and accessors). */
final class DataProperties {

    private DataProperties() {
    }

    static List<DataProperty> of(Type type) {
        Class<?> raw = Types.raw(type);
        return raw.isRecord() ? recordProperties(raw, Types.bindingsOf(type)) : beanProperties(raw, Types.bindingsAlong(type));
    }

    /** The JSON name of an enum constant: its {@code @JsonbProperty} value, else its Java name. */
    static String jsonName(Enum<?> constant) {
        return ENUM_NAMES.get(constant.getDeclaringClass())[constant.ordinal()];
    }

    /**
     * The JSON names of an enum's constants, by ordinal, looked up once per enum: reading a value looks at every
     * constant, and a request may hold hundreds of thousands of values.
     */
    private static final ClassValue<String[]> ENUM_NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            String[] names = new String[constants.length];
            for (Object c : constants) {
                Enum<?> constant = (Enum<?>) c;
                String name;
                try {
                    JsonbProperty property = type.getField(constant.name()).getAnnotation(JsonbProperty.class);
                    name = property != null && !property.value().isEmpty() ? property.value() : constant.name();
                } catch (NoSuchFieldException e) {
                    name = constant.name();
                }
                names[constant.ordinal()] = name;
            }
            return names;
        }
    };

    static boolean isOptional(Type type) {
        Class<?> raw = Types.raw(type);
        return raw == Optional.class || raw == OptionalInt.class || raw == OptionalLong.class || raw == OptionalDouble.class;
    }

    private static List<DataProperty> recordProperties(Class<?> record, Map<TypeVariable<?>, Type> bindings) {
        List<DataProperty> properties = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            // A constraint such as @Min on a component lands on the field, the accessor and the
            // type, but not on the RecordComponent itself, since @Min does not target components.
            Map<Class<?>, Annotation> annotations = new LinkedHashMap<>();
            collect(annotations, component.getAnnotations());
            collect(annotations, component.getAnnotatedType().getAnnotations());
            collect(annotations, component.getAccessor().getAnnotations());
            collect(annotations, declaredField(record, component.getName()));
            if (annotations.containsKey(JsonbTransient.class)) {
                continue;
            }
            Type type = Types.resolve(component.getGenericType(), bindings);
            boolean required = component.getType().isPrimitive()
                    || (!isOptional(type) && !hasNullable(annotations.values()));
            properties.add(new DataProperty(jsonName(component.getName(), annotations), type,
                    List.copyOf(annotations.values()), required, component.getAccessor(), null));
        }
        return properties;
    }

    /**
     * Public fields and public getters or setters, like JSON-B's default visibility. Properties
     * follow field declaration order (superclass first), then accessor-only ones by name.
     */
    private static List<DataProperty> beanProperties(Class<?> bean, Map<TypeVariable<?>, Type> bindings) {
        Map<String, BeanProperty> byName = new LinkedHashMap<>();
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = bean; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        for (Class<?> c : hierarchy) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                    BeanProperty property = byName.computeIfAbsent(field.getName(), n -> new BeanProperty());
                    property.field = field;
                }
            }
        }
        Map<String, BeanProperty> accessorOnly = new TreeMap<>();
        for (Method method : bean.getMethods()) {
            String name = accessorProperty(method);
            if (name != null) {
                BeanProperty property = byName.get(name);
                if (property == null) {
                    property = accessorOnly.computeIfAbsent(name, n -> new BeanProperty());
                }
                if (method.getParameterCount() == 0) {
                    property.getter = method;
                } else {
                    property.setter = method;
                }
            }
        }
        byName.putAll(accessorOnly);

        List<DataProperty> properties = new ArrayList<>();
        byName.forEach((name, property) -> {
            if (!property.visible()) {
                return;
            }
            Map<Class<?>, Annotation> annotations = new LinkedHashMap<>();
            collect(annotations, property.field);
            collect(annotations, property.getter);
            collect(annotations, property.setter);
            if (!annotations.containsKey(JsonbTransient.class)) {
                property.makeReadable();
                properties.add(new DataProperty(jsonName(name, annotations), Types.resolve(property.type(), bindings),
                        List.copyOf(annotations.values()), false, property.getter, property.readableField()));
            }
        });
        return properties;
    }

    private static String accessorProperty(Method method) {
        if (Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class) {
            return null;
        }
        String name = method.getName();
        if (method.getParameterCount() == 0 && method.getReturnType() != void.class) {
            if (name.startsWith("get") && name.length() > 3) {
                return decapitalize(name.substring(3));
            }
            if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
                return decapitalize(name.substring(2));
            }
        }
        if (method.getParameterCount() == 1 && name.startsWith("set") && name.length() > 3) {
            return decapitalize(name.substring(3));
        }
        return null;
    }

    /** Bean naming: {@code getName -> name}, but {@code getURL -> URL}. */
    private static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Field declaredField(Class<?> owner, String name) {
        try {
            return owner.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static void collect(Map<Class<?>, Annotation> into, AnnotatedElement element) {
        if (element != null) {
            collect(into, element.getAnnotations());
        }
    }

    private static void collect(Map<Class<?>, Annotation> into, Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            into.putIfAbsent(annotation.annotationType(), annotation);
        }
    }

    private static String jsonName(String javaName, Map<Class<?>, Annotation> annotations) {
        return annotations.get(JsonbProperty.class) instanceof JsonbProperty p && !p.value().isEmpty() ? p.value() : javaName;
    }

    /** Any annotation called {@code Nullable} counts: jakarta.annotation, JSpecify, JetBrains, ... */
    static boolean hasNullable(Iterable<Annotation> annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }

    private static final class BeanProperty {
        Field field;
        Method getter;
        Method setter;

        /** The public field JSON-B reads the value from: only without a getter. */
        Field readableField() {
            return getter == null && field != null && Modifier.isPublic(field.getModifiers()) ? field : null;
        }

        /** Lets {@link DataProperty#read} read a bean declared inside a class, which is often not public. */
        void makeReadable() {
            if (getter != null) {
                getter.trySetAccessible();
            } else if (readableField() != null) {
                readableField().trySetAccessible();
            }
        }

        boolean visible() {
            return getter != null || setter != null || (field != null && Modifier.isPublic(field.getModifiers()));
        }

        Type type() {
            if (getter != null) {
                return getter.getGenericReturnType();
            }
            if (setter != null) {
                return setter.getGenericParameterTypes()[0];
            }
            return field.getGenericType();
        }
    }
}
