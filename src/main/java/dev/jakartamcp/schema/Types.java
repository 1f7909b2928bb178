package dev.jakartamcp.schema;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Generic type plumbing: raw classes, type arguments seen from a supertype, type variable substitution. */
public final class Types {

    private Types() {
    }

    /** The erasure of {@code type}: {@code List} for {@code List<T>}, the bound's for a type variable or wildcard. */
    public static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(raw(g.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> v) {
            return raw(v.getBounds()[0]);
        }
        throw new IllegalArgumentException("Unsupported type " + type);
    }

    /** The element type of an array type, or null when {@code type} is not an array. */
    static Type arrayComponent(Type type) {
        if (type instanceof GenericArrayType g) {
            return g.getGenericComponentType();
        }
        if (type instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        return null;
    }

    /**
     * The type arguments of {@code target} as seen from {@code type}, e.g. {@code [String, Integer]}
     * for {@code LinkedHashMap<String, Integer>} seen as {@code Map}. Missing or raw arguments
     * become {@code Object}.
     */
    public static Type[] argumentsOf(Type type, Class<?> target) {
        Type[] found = findArguments(type, target, Map.of());
        if (found == null) {
            found = new Type[target.getTypeParameters().length];
            Arrays.fill(found, Object.class);
        }
        return found;
    }

    private static Type[] findArguments(Type type, Class<?> target, Map<TypeVariable<?>, Type> bindings) {
        Type resolved = resolve(type, bindings);
        Class<?> raw = raw(resolved);
        if (!target.isAssignableFrom(raw)) {
            return null;
        }
        Map<TypeVariable<?>, Type> own = bindingsOf(resolved);
        if (raw == target) {
            Type[] args = new Type[target.getTypeParameters().length];
            for (int i = 0; i < args.length; i++) {
                args[i] = concrete(own.getOrDefault(target.getTypeParameters()[i], Object.class));
            }
            return args;
        }
        if (raw.getGenericSuperclass() != null) {
            Type[] args = findArguments(raw.getGenericSuperclass(), target, own);
            if (args != null) {
                return args;
            }
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Type[] args = findArguments(parent, target, own);
            if (args != null) {
                return args;
            }
        }
        return null;
    }

    /** Type variable bindings of a parameterized type, e.g. {@code T -> Item} for {@code Page<Item>}. */
    static Map<TypeVariable<?>, Type> bindingsOf(Type type) {
        if (!(type instanceof ParameterizedType p)) {
            return Map.of();
        }
        TypeVariable<?>[] variables = raw(p).getTypeParameters();
        Type[] args = p.getActualTypeArguments();
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (int i = 0; i < variables.length && i < args.length; i++) {
            bindings.put(variables[i], args[i]);
        }
        return bindings;
    }

    /**
     * The bindings of {@link #bindingsOf} together with those its superclasses and interfaces are given along the way,
     * e.g. {@code T -> Integer} of {@code Box<T>} for {@code class IntegerBox extends Box<Integer>}, so that what a class
     * inherits is seen with the types it inherits it with.
     */
    static Map<TypeVariable<?>, Type> bindingsAlong(Type type) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>(bindingsOf(type));
        addSupertypeBindings(raw(type), bindings);
        return bindings;
    }

    private static void addSupertypeBindings(Class<?> c, Map<TypeVariable<?>, Type> bindings) {
        List<Type> parents = new ArrayList<>(Arrays.asList(c.getGenericInterfaces()));
        if (c.getGenericSuperclass() != null) {
            parents.add(0, c.getGenericSuperclass());
        }
        for (Type parent : parents) {
            if (parent instanceof ParameterizedType p) {
                TypeVariable<?>[] variables = raw(p).getTypeParameters();
                Type[] args = p.getActualTypeArguments();
                for (int i = 0; i < variables.length && i < args.length; i++) {
                    if (!bindings.containsKey(variables[i])) {
                        bindings.put(variables[i], resolve(args[i], bindings));
                    }
                }
            }
            addSupertypeBindings(raw(parent), bindings);
        }
    }

    /**
     * Substitutes type variables; unbound variables and wildcards become their upper bound, in which an unbound
     * variable that occurs again ({@code T extends Comparable<T>}) is its erasure.
     */
    static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            if (bound != null) {
                return concrete(bound);
            }
            Map<TypeVariable<?>, Type> within = new HashMap<>(bindings);
            within.put(v, raw(v));
            return resolve(v.getBounds()[0], within);
        }
        if (type instanceof WildcardType w) {
            return resolve(w.getUpperBounds()[0], bindings);
        }
        if (type instanceof GenericArrayType g) {
            Type component = resolve(g.getGenericComponentType(), bindings);
            return component instanceof Class<?> c ? Array.newInstance(c, 0).getClass() : new ArrayType(component);
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments().clone();
            for (int i = 0; i < args.length; i++) {
                args[i] = resolve(args[i], bindings);
            }
            return new Parameterized((Class<?>) p.getRawType(), args, p.getOwnerType());
        }
        return type;
    }

    private static Type concrete(Type type) {
        return type instanceof WildcardType || type instanceof TypeVariable<?> ? resolve(type, Map.of()) : type;
    }

    /**
     * {@code type}, declared by a method that {@code beanClass} inherits, as {@code beanClass} sees it: {@code T} of
     * {@code CrudTools<T>} is {@code Order} for {@code OrderTools extends CrudTools<Order>}. A type without a type
     * variable is returned as it is; one the bean class does not bind becomes its bound, as its erasure would.
     */
    public static Type seenFrom(Class<?> beanClass, Type type) {
        return mentionsVariable(type) ? resolve(type, bindingsAlong(beanClass)) : type;
    }

    private static boolean mentionsVariable(Type type) {
        if (type instanceof TypeVariable<?>) {
            return true;
        }
        if (type instanceof ParameterizedType p) {
            return Arrays.stream(p.getActualTypeArguments()).anyMatch(Types::mentionsVariable);
        }
        if (type instanceof GenericArrayType g) {
            return mentionsVariable(g.getGenericComponentType());
        }
        if (type instanceof WildcardType w) {
            return Arrays.stream(w.getUpperBounds()).anyMatch(Types::mentionsVariable)
                    || Arrays.stream(w.getLowerBounds()).anyMatch(Types::mentionsVariable);
        }
        return false;
    }

    static boolean isRecord(Type type) {
        return raw(type).isRecord();
    }

    /** A type as its declaration reads, with simple class names: {@code ConcurrentMap<String, Integer>}, for messages. */
    public static String declaredName(Type type) {
        if (type instanceof Class<?> c) {
            return c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            StringBuilder name = new StringBuilder(((Class<?>) p.getRawType()).getSimpleName()).append('<');
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < arguments.length; i++) {
                name.append(i == 0 ? "" : ", ").append(declaredName(arguments[i]));
            }
            return name.append('>').toString();
        }
        if (type instanceof GenericArrayType g) {
            return declaredName(g.getGenericComponentType()) + "[]";
        }
        if (type instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + declaredName(w.getLowerBounds()[0]);
            }
            Type upper = w.getUpperBounds()[0];
            return upper == Object.class ? "?" : "? extends " + declaredName(upper);
        }
        return type.getTypeName();
    }

    /** A readable name for messages and $defs keys: {@code Page<Item>} becomes {@code Page_Item}. */
    static String simpleName(Type type) {
        Type component = arrayComponent(type);
        if (component != null) {
            return simpleName(component) + "Array";
        }
        StringBuilder name = new StringBuilder(raw(type).getSimpleName());
        if (type instanceof ParameterizedType p) {
            for (Type arg : p.getActualTypeArguments()) {
                name.append('_').append(simpleName(arg));
            }
        }
        return name.toString();
    }

    /** Equal to, and hashing like, the JDK's own ParameterizedType so both can key the same map. */
    private record Parameterized(Class<?> rawType, Type[] arguments, Type ownerType) implements ParameterizedType {

        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return rawType;
        }

        @Override
        public Type getOwnerType() {
            return ownerType;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterizedType p
                    && rawType.equals(p.getRawType())
                    && Objects.equals(ownerType, p.getOwnerType())
                    && Arrays.equals(arguments, p.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(arguments) ^ Objects.hashCode(ownerType) ^ rawType.hashCode();
        }

        @Override
        public String toString() {
            return getTypeName();
        }

        @Override
        public String getTypeName() {
            StringBuilder name = new StringBuilder(rawType.getTypeName()).append('<');
            for (int i = 0; i < arguments.length; i++) {
                name.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
            }
            return name.append('>').toString();
        }
    }

    private record ArrayType(Type component) implements GenericArrayType {

        @Override
        public Type getGenericComponentType() {
            return component;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GenericArrayType g && component.equals(g.getGenericComponentType());
        }

        @Override
        public int hashCode() {
            return component.hashCode();
        }

        @Override
        public String getTypeName() {
            return component.getTypeName() + "[]";
        }
    }
}
