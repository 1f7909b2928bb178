package dev.jakartamcp.beans;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jakartamcp.api.PromptDefinition;
import dev.jakartamcp.api.ResourceDefinition;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.AnnotatedField;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.ProcessProducerField;
import jakarta.enterprise.inject.spi.ProcessProducerMethod;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class McpBeansExtensionTest {

    @SuppressWarnings("unused")
    static class Tools {
        @Tool
        private String hidden() {
            return "runs on the client proxy";
        }

        @Tool
        String packagePrivate() {
            return "forwarded by the client proxy";
        }

        @Tool
        private static String utility() {
            return "needs no instance";
        }
    }

    @Test
    void aPrivateMethodOfANormalScopedBeanFailsTheDeploymentNamingIt() {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(Tools.class, ApplicationScoped.class, errors));
        assertEquals(List.of("MCP method " + Tools.class.getName() + "#hidden is private in a bean of scope @ApplicationScoped: "
                        + "it would run on the bean's client proxy, not on the bean; make it package-private, protected or public"),
                errors.stream().map(Throwable::getMessage).toList());
        assertEquals(Set.of("packagePrivate", "utility"), names(extension));
    }

    @Test
    void aPrivateMethodOfADependentBeanIsCalledOnTheBeanItself() {
        McpBeansExtension extension = new McpBeansExtension();
        List<Throwable> errors = new ArrayList<>();
        extension.onManagedBean(event(Tools.class, Dependent.class, errors));
        assertEquals(List.of(), errors);
        assertEquals(Set.of("hidden", "packagePrivate", "utility"), names(extension));
    }

    @SuppressWarnings("unused")
    static class Producers {
        static final PromptDefinition GREETING = null;

        ToolDefinition echo() {
            return null;
        }

        String notMcp() {
            return "";
        }

        ToolDefinition shout() {
            return null;
        }

        ToolDefinition shout(String prefix, int times) {
            return null;
        }
    }

    /** A definition made in code is named by its producer method or field; one of no producer seen, by its class. */
    @Test
    void aDefinitionsProducerIsNamedByItsMethodOrField() throws ReflectiveOperationException {
        McpBeansExtension extension = new McpBeansExtension();
        Bean<?> method = producer(Producers.class, ToolDefinition.class);
        Bean<?> field = producer(Producers.class, PromptDefinition.class);
        Bean<?> other = producer(Producers.class, String.class);
        extension.onProducerMethod(methodEvent(method, Producers.class.getDeclaredMethod("echo")));
        extension.onProducerField(fieldEvent(field, Producers.class.getDeclaredField("GREETING")));
        extension.onProducerMethod(methodEvent(other, Producers.class.getDeclaredMethod("notMcp")));
        assertEquals(Producers.class.getName() + "#echo", extension.producerOf(method));
        assertEquals(Producers.class.getName() + ".GREETING", extension.producerOf(field));
        assertEquals(Producers.class.getName(), extension.producerOf(other), "a producer of anything else is not kept");
        assertEquals(Producers.class.getName(), extension.producerOf(producer(Producers.class, ResourceDefinition.class)));
    }

    /** Overloaded producer methods are told apart by their parameter types: the name alone would name both. */
    @Test
    void overloadedProducerMethodsAreNamedWithTheirParameterTypes() throws ReflectiveOperationException {
        McpBeansExtension extension = new McpBeansExtension();
        Bean<?> plain = producer(Producers.class, ToolDefinition.class);
        Bean<?> withParameters = producer(Producers.class, ToolDefinition.class);
        extension.onProducerMethod(methodEvent(plain, Producers.class.getDeclaredMethod("shout")));
        extension.onProducerMethod(methodEvent(withParameters, Producers.class.getDeclaredMethod("shout", String.class, int.class)));
        assertEquals(Producers.class.getName() + "#shout()", extension.producerOf(plain));
        assertEquals(Producers.class.getName() + "#shout(String, int)", extension.producerOf(withParameters));
    }

    private static Bean<?> producer(Class<?> declaring, Class<?> type) {
        return proxy(Bean.class, (name, args) -> switch (name) {
            case "getBeanClass" -> declaring;
            case "getTypes" -> Set.of(type, Object.class);
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static ProcessProducerMethod<Object, Object> methodEvent(Bean<?> bean, Method method) {
        AnnotatedMethod<Object> annotated = proxy(AnnotatedMethod.class, (name, args) -> switch (name) {
            case "getJavaMember" -> method;
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(ProcessProducerMethod.class, (name, args) -> switch (name) {
            case "getBean" -> bean;
            case "getAnnotatedProducerMethod" -> annotated;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static ProcessProducerField<Object, Object> fieldEvent(Bean<?> bean, Field field) {
        AnnotatedField<Object> annotated = proxy(AnnotatedField.class, (name, args) -> switch (name) {
            case "getJavaMember" -> field;
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(ProcessProducerField.class, (name, args) -> switch (name) {
            case "getBean" -> bean;
            case "getAnnotatedProducerField" -> annotated;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static Set<String> names(McpBeansExtension extension) {
        Set<String> names = new java.util.TreeSet<>();
        extension.methodsAnnotatedWith(Tool.class).forEach(m -> names.add(m.method().getName()));
        return names;
    }

    @SuppressWarnings("unchecked")
    private static <T> ProcessManagedBean<T> event(Class<T> beanClass, Class<? extends Annotation> scope, List<Throwable> errors) {
        Bean<T> bean = proxy(Bean.class, (name, args) -> switch (name) {
            case "getBeanClass" -> beanClass;
            case "getScope" -> scope;
            default -> throw new UnsupportedOperationException(name);
        });
        Set<AnnotatedMethod<? super T>> methods = new LinkedHashSet<>();
        for (Method m : beanClass.getDeclaredMethods()) {
            methods.add(proxy(AnnotatedMethod.class, (name, args) -> switch (name) {
                case "getJavaMember" -> m;
                case "isAnnotationPresent" -> m.isAnnotationPresent((Class<? extends Annotation>) args[0]);
                default -> throw new UnsupportedOperationException(name);
            }));
        }
        AnnotatedType<T> type = proxy(AnnotatedType.class, (name, args) -> switch (name) {
            case "getMethods" -> methods;
            case "getJavaClass" -> beanClass;
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(ProcessManagedBean.class, (name, args) -> switch (name) {
            case "getBean" -> bean;
            case "getAnnotatedBeanClass" -> type;
            case "addDefinitionError" -> {
                errors.add((Throwable) args[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <P> P proxy(Class<?> type, Answer answer) {
        return (P) Proxy.newProxyInstance(McpBeansExtensionTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> answer.answer(method.getName(), args);
                });
    }
}
