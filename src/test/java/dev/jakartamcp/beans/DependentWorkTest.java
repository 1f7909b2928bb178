package dev.jakartamcp.beans;

import dev.jakartamcp.api.TaskWork;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link BeanInvoker} with a {@code @Dependent} bean: the instance is destroyed ({@code @PreDestroy}, which the
 * container runs when the creational context is released) after the call, or, when the call returned
 * {@link TaskWork}, after that work, however it ends.
 */
class DependentWorkTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** A @Dependent tool bean; {@link #preDestroy} is what the container calls when its creational context is released. */
    public class Reports {
        public TaskWork<String> report(String quarter) {
            events.add("prepared " + quarter);
            return task -> {
                events.add("work on " + quarter);
                return "report " + quarter;
            };
        }

        public TaskWork<String> failing() {
            return task -> {
                events.add("work");
                throw new IllegalStateException("the report service is down");
            };
        }

        public String plain() {
            events.add("plain");
            return "done";
        }

        public String broken() {
            events.add("broken");
            throw new IllegalArgumentException("broken");
        }

        void preDestroy() {
            events.add("@PreDestroy");
        }

        public static String version() {
            return "1.0";
        }
    }

    private final Reports instance = new Reports();
    private final BeanInvoker invoker = new BeanInvoker();

    DependentWorkTest() {
        invoker.beanManager = beanManager();
    }

    private Object invoke(String method, Object... arguments) throws Exception {
        Class<?>[] types = new Class<?>[arguments.length];
        java.util.Arrays.fill(types, String.class);
        return invoker.invoke(new DiscoveredMethod(bean(), Reports.class.getMethod(method, types)), arguments);
    }

    /**
     * A static MCP method needs no instance (the extension asks for no bean type of it): none is made and destroyed
     * for it, which in a {@code @Typed} bean, whose class is no bean type, failed every call.
     */
    @Test
    void aStaticMethodIsCalledWithoutAnInstance() throws Exception {
        assertEquals("1.0", invoke("version"));
        assertEquals(List.of(), events, "no instance was made, so none destroyed");
    }

    @Test
    void theInstanceOfADependentBeanIsDestroyedAfterTheWorkItReturnedNotBefore() throws Exception {
        TaskWork<?> work = assertInstanceOf(TaskWork.class, invoke("report", "2026-Q3"));
        assertEquals(List.of("prepared 2026-Q3"), events, "the instance lives on while the work waits for its thread");
        assertEquals("report 2026-Q3", work.run(null));
        assertEquals(List.of("prepared 2026-Q3", "work on 2026-Q3", "@PreDestroy"), events);
    }

    @Test
    void workThatFailsStillDestroysTheInstanceOnceAfterwards() throws Exception {
        TaskWork<?> work = (TaskWork<?>) invoke("failing");
        assertThrows(IllegalStateException.class, () -> work.run(null));
        assertEquals(List.of("work", "@PreDestroy"), events);
        DependentWork.discard(work);
        assertEquals(List.of("work", "@PreDestroy"), events, "destroyed once");
    }

    @Test
    void workThatWillNeverRunDestroysTheInstanceWhenDiscarded() throws Exception {
        Object work = invoke("report", "Q1");
        DependentWork.discard(work);
        DependentWork.discard(work);
        assertEquals(List.of("prepared Q1", "@PreDestroy"), events);
    }

    @Test
    void anyOtherResultOrAFailureDestroysTheInstanceRightAfterTheCall() throws Exception {
        assertEquals("done", invoke("plain"));
        assertThrows(IllegalArgumentException.class, () -> invoke("broken"));
        assertEquals(List.of("plain", "@PreDestroy", "broken", "@PreDestroy"), events);
    }

    private Bean<?> bean() {
        return (Bean<?>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Bean.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getScope" -> Dependent.class;
                    case "getBeanClass" -> Reports.class;
                    case "getTypes" -> Set.of(Reports.class, Object.class);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A container of one @Dependent instance: its creational context's release destroys it. */
    private BeanManager beanManager() {
        CreationalContext<?> context = (CreationalContext<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{CreationalContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("release")) {
                        instance.preDestroy();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BeanManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BeanManager.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isNormalScope" -> false;
                    case "createCreationalContext" -> context;
                    case "getReference" -> instance;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
