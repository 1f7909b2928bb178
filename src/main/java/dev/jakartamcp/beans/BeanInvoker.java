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
     * Client proxies of normal-scoped beans, by the method called on them: such a proxy finds the contextual instance
     * on every call, so it may be kept and shared between threads (looking it up again, or the type to ask for it by,
     * cost a share of every call).
     */
    private final Map<DiscoveredMethod, Object> proxies = new ConcurrentHashMap<>();

    public Object invoke(DiscoveredMethod target, Object[] arguments) throws Exception {
        if (java.lang.reflect.Modifier.isStatic(target.method().getModifiers())) {
            return call(target, null, arguments); // no instance: the class of a @Typed bean is not even a type to ask for
        }
        Bean<?> bean = target.bean();
        if (beanManager.isNormalScope(bean.getScope())) {
            Object proxy = proxies.computeIfAbsent(target,
                    t -> beanManager.getReference(bean, typeOf(t), beanManager.createCreationalContext(bean)));
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

    /** The type to ask for the bean by ({@link DiscoveredMethod#beanType}; the extension refused a method without one). */
    private static Type typeOf(DiscoveredMethod target) {
        return DiscoveredMethod.beanType(target.bean(), target.method()).orElse(target.bean().getBeanClass());
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
