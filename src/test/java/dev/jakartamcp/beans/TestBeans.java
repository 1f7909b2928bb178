package dev.jakartamcp.beans;

import dev.jakartamcp.pipeline.ItemOverrides;
import dev.jakartamcp.pipeline.Pipelines;
import dev.jakartamcp.protocol.McpSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.ProcessProducerMethod;
import jakarta.inject.Inject;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Annotated bean methods outside the container, for tests of the registries and features: the methods of the given
 * objects are "discovered", and the invoker calls them on those objects.
 */
public final class TestBeans {
    private final List<DiscoveredMethod> found = new ArrayList<>();
    private final Map<Bean<?>, Object> instances = new IdentityHashMap<>();
    private final Binding binding = new Binding();
    private final McpBeansExtension extension = new McpBeansExtension() {
        @Override
        public List<DiscoveredMethod> methodsAnnotatedWith(Class<? extends Annotation> annotation) {
            return found.stream().filter(m -> m.method().isAnnotationPresent(annotation)).sorted(DiscoveredMethod.ORDER).toList();
        }
    };

    public TestBeans(Object... beans) {
        for (Object instance : beans) {
            Bean<?> bean = bean(instance.getClass());
            instances.put(bean, instance);
            // as the extension finds them: the methods of the class and its superclasses, not the compiler's bridges
            for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getAnnotations().length > 0 && !m.isBridge()) {
                        found.add(new DiscoveredMethod(bean, m));
                    }
                }
            }
        }
        binding.init();
    }

    public McpBeansExtension discovered() {
        return extension;
    }

    /**
     * An {@code Instance} of what the producer {@code methods} of {@code producers} make, as the container gives it:
     * each handle's bean is its method's, which {@link #discovered()} learnt of as the container tells an extension
     * ({@code ProcessProducerMethod}).
     */
    @SuppressWarnings("unchecked")
    public <T> Instance<T> producedBy(Object producers, String... methods) {
        List<Instance.Handle<T>> handles = new ArrayList<>();
        for (String name : methods) {
            Method method;
            T made;
            try {
                method = producers.getClass().getDeclaredMethod(name);
                method.setAccessible(true);
                made = (T) method.invoke(producers);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(e);
            }
            Bean<?> bean = producerBean(method);
            extension.onProducerMethod(producerMethodEvent(bean, method));
            handles.add((Instance.Handle<T>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(), new Class<?>[] {Instance.Handle.class},
                    (proxy, m, args) -> switch (m.getName()) {
                        case "get" -> made;
                        case "getBean" -> bean;
                        default -> throw new UnsupportedOperationException(m.getName());
                    }));
        }
        return (Instance<T>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handles" -> handles;
                    case "iterator" -> handles.stream().map(Instance.Handle::get).iterator();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Bean<?> producerBean(Method method) {
        return (Bean<?>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(), new Class<?>[] {Bean.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getBeanClass" -> method.getDeclaringClass();
                    case "getTypes" -> Set.of(method.getReturnType(), Object.class);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "producer bean " + method;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private static <T, X> ProcessProducerMethod<T, X> producerMethodEvent(Bean<?> bean, Method method) {
        AnnotatedMethod<T> annotated = (AnnotatedMethod<T>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(),
                new Class<?>[] {AnnotatedMethod.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getJavaMember" -> method;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ProcessProducerMethod<T, X>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(),
                new Class<?>[] {ProcessProducerMethod.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getBean" -> bean;
                    case "getAnnotatedProducerMethod" -> annotated;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    public BeanInvoker invoker() {
        return new BeanInvoker() {
            @Override
            public Object invoke(DiscoveredMethod target, Object[] arguments) throws Exception {
                try {
                    target.method().trySetAccessible();
                    return target.method().invoke(instances.get(target.bean()), arguments);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error; // as BeanInvoker does
                    }
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        };
    }

    public Binding binding() {
        return binding;
    }

    /**
     * {@code registry} (of tools, prompts or resources) set up as the container would from these beans: its injected
     * fields filled by type (the methods found, their invoker, the binding, the overrides of {@code settings}, an
     * event nobody observes, no producers), then its {@code @PostConstruct} method run; what that throws is thrown.
     */
    public <R> R registry(R registry, McpSettings settings) {
        Map<Class<?>, Object> values = Map.of(McpBeansExtension.class, discovered(), BeanInvoker.class, invoker(),
                Binding.class, binding, ItemOverrides.class, Pipelines.overrides(settings), Event.class, ignored(),
                Instance.class, none());
        try {
            for (Field field : registry.getClass().getDeclaredFields()) {
                if (field.isAnnotationPresent(Inject.class)) {
                    Object value = values.get(field.getType());
                    if (value == null) {
                        throw new IllegalArgumentException("no test value for " + field);
                    }
                    field.setAccessible(true);
                    field.set(registry, value);
                }
            }
            for (Method method : registry.getClass().getDeclaredMethods()) {
                if (method.isAnnotationPresent(PostConstruct.class)) {
                    method.setAccessible(true);
                    method.invoke(registry);
                }
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return registry;
    }

    /** An {@code Instance} with nothing in it (no producers). */
    @SuppressWarnings("unchecked")
    public static <T> Instance<T> none() {
        return (Instance<T>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "iterator" -> Collections.emptyIterator();
                    case "handles" -> List.of();
                    case "stream" -> java.util.stream.Stream.empty();
                    case "isUnsatisfied" -> true;
                    case "isResolvable" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An {@code Instance} holding just {@code bean}. */
    @SuppressWarnings("unchecked")
    public static <T> Instance<T> just(T bean) {
        return (Instance<T>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "get" -> bean;
                    case "iterator" -> List.of(bean).iterator();
                    case "stream" -> java.util.stream.Stream.of(bean);
                    case "isUnsatisfied", "isAmbiguous" -> false;
                    case "isResolvable" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An {@code Event} nobody observes. */
    @SuppressWarnings("unchecked")
    public static <T> Event<T> ignored() {
        return (Event<T>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "fire" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The scope the bean class declares ({@code @RequestScoped}, {@code @Dependent}, …), else application scope. */
    private static Class<? extends java.lang.annotation.Annotation> scopeOf(Class<?> beanClass) {
        for (java.lang.annotation.Annotation a : beanClass.getAnnotations()) {
            Class<? extends java.lang.annotation.Annotation> type = a.annotationType();
            if (type.isAnnotationPresent(jakarta.enterprise.context.NormalScope.class) || type.isAnnotationPresent(jakarta.inject.Scope.class)) {
                return type;
            }
        }
        return ApplicationScoped.class;
    }

    private static Bean<?> bean(Class<?> beanClass) {
        return (Bean<?>) Proxy.newProxyInstance(TestBeans.class.getClassLoader(), new Class<?>[] {Bean.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBeanClass" -> beanClass;
                    case "getScope" -> scopeOf(beanClass);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "bean " + beanClass.getName();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
