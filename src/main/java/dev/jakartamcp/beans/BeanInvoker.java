package dev.jakartamcp.beans;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;

/** Calls a discovered method on the bean's contextual instance, honouring its scope. */
@ApplicationScoped
public class BeanInvoker {
    @Inject
    BeanManager beanManager;

    public Object invoke(DiscoveredMethod target, Object[] arguments) throws Exception {
        Bean<?> bean = target.bean();
        CreationalContext<?> context = beanManager.createCreationalContext(bean);
        try {
            Type type = bean.getTypes().contains(target.method().getDeclaringClass())
                    ? target.method().getDeclaringClass() : bean.getBeanClass();
            Object instance = beanManager.getReference(bean, type, context);
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
        } finally {
            if (bean.getScope() == Dependent.class) {
                context.release();
            }
        }
    }
}
