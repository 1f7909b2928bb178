package dev.jakartamcp.transport;

import jakarta.servlet.http.HttpServletRequest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The servlet request as a call's author code reaches it on the execution thread: through the CDI request context
 * bound to it (request-scoped beans and the validated token live in its attributes; {@code @Inject
 * HttpServletRequest} is this object). Once the response has ended while the code still runs — answered at its
 * deadline, cancelled, its client gone — the container may recycle the request object for another caller's request.
 * From then on the attributes are a copy taken at that moment (so a late first use of {@code @Inject JsonWebToken}
 * still sees this call's caller) and every other method throws {@link IllegalStateException}; the real request is
 * never touched again. A lock makes sure no use of it is under way while the response ends.
 */
final class GuardedRequest implements InvocationHandler {
    private final HttpServletRequest request;
    private final HttpServletRequest view;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Null while the request is live; the attributes as they were when it ended. */
    private volatile Map<String, Object> endedAttributes;

    private GuardedRequest(HttpServletRequest request) {
        this.request = request;
        this.view = (HttpServletRequest) Proxy.newProxyInstance(GuardedRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, this);
    }

    static GuardedRequest of(HttpServletRequest request) {
        return new GuardedRequest(request);
    }

    /** The request as the execution thread is to see it. */
    HttpServletRequest view() {
        return view;
    }

    /** The response has ended (on the thread that ends it, before the container may recycle the request). */
    void end() {
        if (lock.getReadHoldCount() > 0) {
            // ended from within a use of the request on this thread (the author's code completed it): waiting for the
            // uses under way would wait for itself
            if (endedAttributes == null) {
                endedAttributes = copyOfAttributes();
            }
            return;
        }
        lock.writeLock().lock();
        try {
            if (endedAttributes != null) {
                return;
            }
            endedAttributes = copyOfAttributes();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private Map<String, Object> copyOfAttributes() {
        Map<String, Object> copy = new ConcurrentHashMap<>();
        try {
            for (Enumeration<String> names = request.getAttributeNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                Object value = request.getAttribute(name);
                if (value != null) {
                    copy.put(name, value);
                }
            }
        } catch (RuntimeException e) {
            // the container took the request back already: what was copied is all there is
        }
        return copy;
    }

    /** The call's work is over: nothing needs the request any more, so nothing is copied. */
    void close() {
        lock.writeLock().lock();
        try {
            if (endedAttributes == null) {
                endedAttributes = new ConcurrentHashMap<>();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                if (method.getParameterCount() == 1) {
                    return proxy == args[0];
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "toString":
                if (method.getParameterCount() == 0) {
                    return "GuardedRequest[" + request + "]";
                }
                break;
            default:
                break;
        }
        lock.readLock().lock();
        try {
            Map<String, Object> ended = endedAttributes;
            if (ended == null) {
                try {
                    return method.invoke(request, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            return switch (method.getName()) {
                case "getAttribute" -> ended.get((String) args[0]);
                case "getAttributeNames" -> Collections.enumeration(new ArrayList<>(ended.keySet()));
                case "setAttribute" -> {
                    if (args[1] == null) {
                        ended.remove((String) args[0]);
                    } else {
                        ended.put((String) args[0], args[1]);
                    }
                    yield null;
                }
                case "removeAttribute" -> {
                    ended.remove((String) args[0]);
                    yield null;
                }
                default -> throw new IllegalStateException("The HTTP request of this call has ended (answered at its deadline,"
                        + " cancelled, or its client left): " + method.getName() + " is no longer available; its attributes are");
            };
        } finally {
            lock.readLock().unlock();
        }
    }
}
