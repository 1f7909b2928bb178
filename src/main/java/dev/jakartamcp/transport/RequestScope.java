package dev.jakartamcp.transport;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.spi.Context;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.security.jacc.PolicyContext;
import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.Method;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the container knows about an HTTP request only on the thread that serves it, captured there and put in
 * place on the execution thread that runs the request's author code (the {@code ContextService} brings security,
 * naming and the class loader):
 * <ul>
 * <li>the Jakarta Authorization policy context of the web module ({@link PolicyContext#getContextID()}): without it
 * Payara's {@code SecurityContext} and {@code isUserInRole} find no policy (a null caller on Payara 6, a
 * NullPointerException on Payara 7);</li>
 * <li>the CDI request context bound to the servlet request: {@code @Inject HttpServletRequest} and request-scoped beans
 * resolve through it. CDI offers no standard way to activate the HTTP-bound request context on another thread
 * ({@code RequestContextController} activates an unbound one, in which the container cannot give out the
 * {@code HttpServletRequest}); Weld, the CDI of Payara and Liberty alike, has one ({@code associate},
 * {@code activate}, {@code deactivate}, {@code dissociate} of its bound HTTP request context), used here through the
 * context object {@link BeanManager#getContext} returns, so that the WAR needs no Weld classes. Without Weld the
 * request-scoped beans are not available off the request thread. The context is bound to a {@link GuardedRequest},
 * not to the container's request object: work that outlives its answer must not reach that object once the container
 * may have recycled it for another caller.</li>
 * </ul>
 */
final class RequestScope {
    private static final Logger LOG = Logger.getLogger(RequestScope.class.getName());
    private static volatile WeldBinding weld;

    private final GuardedRequest request;
    private final String policyContextId;
    private final Context requestContext;

    private RequestScope(GuardedRequest request, String policyContextId, Context requestContext) {
        this.request = request;
        this.policyContextId = policyContextId;
        this.requestContext = requestContext;
    }

    /** Captures the request's scope; on the thread serving {@code request}. */
    static RequestScope capture(HttpServletRequest request, BeanManager beans) {
        Context context;
        try {
            context = beans.getContext(RequestScoped.class);
        } catch (RuntimeException e) {
            context = null;
        }
        return new RequestScope(GuardedRequest.of(request), Policy.contextId(), context);
    }

    /**
     * The request's response has ended; on the thread that ends it, before the container may recycle the request.
     * Work still running keeps the request's attributes as they are now and no other part of it.
     */
    void end() {
        request.end();
    }

    /** Runs {@code work} on this thread inside the captured scope, which ends with it. */
    <T> T call(Supplier<T> work) {
        String previousId = Policy.contextId();
        Policy.setContextId(policyContextId);
        WeldBinding binding = requestContext == null ? null : WeldBinding.of(requestContext);
        boolean bound = binding != null && binding.enter(requestContext, request.view());
        try {
            return work.get();
        } finally {
            try {
                if (bound) {
                    binding.leave(requestContext, request.view());
                }
            } finally {
                try {
                    request.close();
                } finally {
                    Policy.setContextId(previousId);
                }
            }
        }
    }

    /** Jakarta Authorization's policy context, when the server has it (Liberty without appAuthorization has not). */
    private static final class Policy {
        private static final boolean PRESENT = present();

        private static boolean present() {
            try {
                Class.forName("jakarta.security.jacc.PolicyContext", false, RequestScope.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }

        static String contextId() {
            return PRESENT ? PolicyContext.getContextID() : null;
        }

        static void setContextId(String id) {
            if (PRESENT) {
                PolicyContext.setContextID(id);
            }
        }
    }

    /** The four methods of Weld's bound HTTP request context, found once. */
    private record WeldBinding(Class<?> type, Method associate, Method activate, Method deactivate, Method dissociate) {
        static WeldBinding of(Context context) {
            WeldBinding known = weld;
            if (known != null && known.type == context.getClass()) {
                return known;
            }
            try {
                Class<?> type = context.getClass();
                WeldBinding found = new WeldBinding(type, type.getMethod("associate", Object.class), type.getMethod("activate"),
                        type.getMethod("deactivate"), type.getMethod("dissociate", Object.class));
                weld = found;
                return found;
            } catch (NoSuchMethodException | RuntimeException e) {
                LOG.log(Level.FINE, "The request context " + context.getClass().getName() + " cannot be bound to another thread", e);
                return null;
            }
        }

        boolean enter(Context context, HttpServletRequest request) {
            try {
                associate.invoke(context, request);
                activate.invoke(context);
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not bind the request context to the execution thread", e);
                return false;
            }
        }

        void leave(Context context, HttpServletRequest request) {
            try {
                deactivate.invoke(context);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "Could not deactivate the request context", e);
            } finally {
                try {
                    dissociate.invoke(context, request);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.log(Level.FINE, "Could not dissociate the request context", e);
                }
            }
        }
    }
}
