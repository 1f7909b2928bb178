package dev.jakartamcp.beans;

import dev.jakartamcp.api.TaskWork;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a discovered method on the bean's contextual instance, honouring its scope: an instance of a {@code @Dependent}
 * bean is destroyed after the call, or, when the call returned {@link TaskWork}, after that work ({@link DependentWork}).
 */
@ApplicationScoped
public class BeanInvoker {
    @Inject
    BeanManager beanManager;

    /**
     * Client proxies of normal-scoped beans, one per bean: such a proxy finds the contextual instance on every call,
     * so it may be kept and shared between threads (looking it up again cost a share of every call).
     */
    private final Map<ProxyKey, Object> proxies = new ConcurrentHashMap<>();

    /** A proxy is asked for by bean and type (the type that declares the method, when it is a bean type). */
    private record ProxyKey(Bean<?> bean, Type type) {
    }

    public Object invoke(DiscoveredMethod target, Object[] arguments) throws Exception {
        Bean<?> bean = target.bean();
        if (beanManager.isNormalScope(bean.getScope())) {
            Object proxy = proxies.computeIfAbsent(new ProxyKey(bean, typeOf(target)),
                    k -> beanManager.getReference(k.bean(), k.type(), beanManager.createCreationalContext(k.bean())));
            return call(target, proxy, arguments);
        }
        CreationalContext<?> context = beanManager.createCreationalContext(bean);
        if (bean.getScope() != Dependent.class) {
            return call(target, beanManager.getReference(bean, typeOf(target), context), arguments);
        }
        Object returned;
        try {
            returned = call(target, beanManager.getReference(bean, typeOf(target), context), arguments);
        } catch (Exception | Error e) {
            context.release();
            throw e;
        }
        if (returned instanceof TaskWork<?> work) {
            // the work runs later, on this instance: it is destroyed when the work ends
            return dependentWork(work, context::release);
        }
        context.release();
        return returned;
    }

    private static <T> DependentWork<T> dependentWork(TaskWork<T> work, Runnable release) {
        return new DependentWork<>(work, release);
    }

    /**
     * The bean type to ask for: the one of the method's class, else the one of the bean class; the bean's own type
     * object, parameterized where it is ({@code CrudTools<Order>} for a bean {@code @Typed(CrudTools.class)}), which the
     * container requires (the raw class is no type of such a bean).
     */
    private static Type typeOf(DiscoveredMethod target) {
        Bean<?> bean = target.bean();
        Class<?> declaring = target.method().getDeclaringClass();
        Type ofClass = null;
        for (Type type : bean.getTypes()) {
            Class<?> raw = dev.jakartamcp.schema.Types.raw(type);
            if (raw == declaring) {
                return type;
            }
            if (raw == bean.getBeanClass()) {
                ofClass = type;
            }
        }
        return ofClass != null ? ofClass : bean.getBeanClass();
    }

    private static Object call(DiscoveredMethod target, Object instance, Object[] arguments) throws Exception {
        try {
            target.method().trySetAccessible();
            return target.method().invoke(instance, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
