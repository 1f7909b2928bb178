package dev.jakartamcp.beans;

/** What an EJB container throws when its check of a session bean's own method refuses the caller. */
public final class ContainerRefusals {
    private ContainerRefusals() {
    }

    /**
     * An {@code EJBAccessException} as the container makes it: on the thread that calls the item's method through
     * {@link BeanInvoker}, before the method runs, so with the invoker on its stack and the method not.
     */
    public static jakarta.ejb.EJBAccessException ofTheItemsOwnMethod() {
        jakarta.ejb.EJBAccessException refusal = new jakarta.ejb.EJBAccessException("Client not authorized for this invocation");
        refusal.setStackTrace(new StackTraceElement[]{
                new StackTraceElement("com.example.container.SecurityInterceptor", "check", null, -1),
                new StackTraceElement(BeanInvoker.class.getName(), "call", null, -1)});
        return refusal;
    }
}
