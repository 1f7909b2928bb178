package dev.jakartamcp.transport;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

/**
 * Adds, as the application starts and so after every servlet declared or annotated, the two servlets whose place in
 * the stop matters: first {@link EndpointDrain.AwaitOnStop}, whose stop waits for the drain, then the error page's
 * ({@link ErrorPageServlet} at its own path). Payara stops an application's servlets in the order they were added,
 * and answers new requests with its own 503, sent to the error page, from the moment the stop begins: added this way,
 * the error page runs until the drain is over, and those 503s are JSON with {@code Retry-After}. Annotated, the error
 * page was added in an order Payara draws anew at every start, and when it came first those 503s were bare.
 */
@WebListener
public class StopOrder implements ServletContextListener {
    static final String AWAIT_DRAIN = EndpointDrain.AwaitOnStop.class.getName();
    static final String ERROR_PAGE = ErrorPageServlet.class.getName() + ".errorPage";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        // made as the application starts, so that the container has an instance to stop
        added(context, AWAIT_DRAIN, context.addServlet(AWAIT_DRAIN, EndpointDrain.AwaitOnStop.class)).setLoadOnStartup(1);
        ServletRegistration.Dynamic errorPage = added(context, ERROR_PAGE, context.addServlet(ERROR_PAGE, ErrorPageServlet.class));
        errorPage.setLoadOnStartup(1);
        // what it hands to the endpoint while the application stops may have to be a stream (McpServlet.takeWhileUnavailable)
        errorPage.setAsyncSupported(true);
        if (!errorPage.addMapping(ErrorPageServlet.PATH).isEmpty()) {
            throw new IllegalStateException("the error page's path " + ErrorPageServlet.PATH + " is mapped to another servlet");
        }
    }

    private static ServletRegistration.Dynamic added(ServletContext context, String name, ServletRegistration.Dynamic registration) {
        if (registration == null) {
            throw new IllegalStateException("a servlet named " + name + " is registered twice in " + context.getContextPath());
        }
        return registration;
    }
}
