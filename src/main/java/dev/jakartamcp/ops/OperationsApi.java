package dev.jakartamcp.ops;

import dev.jakartamcp.transport.JsonHttpErrors;
import dev.jakartamcp.transport.OptionsAnswers;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Map;
import java.util.Set;

/**
 * The operations API, {@code /mcp-admin}: what is deployed, the effective settings, the server's state, the sessions and tasks. Its
 * classes are listed, so that it serves nothing else of the WAR. {@code /mcp} stays a servlet (see README, Layout).
 */
@ApplicationPath(OperationsApi.PATH)
public class OperationsApi extends Application {
    public static final String PATH = "/mcp-admin";

    /**
     * {@code requestUri} as the audit trail records a request refused here: what follows a collection
     * ({@code /mcp-admin/tasks/{id}}) replaced by {@code {id}}, so that a task id stays out of the trail as it does
     * when an operator's cancellation is audited ({@code DELETE /mcp-admin/tasks} with the task's tool). Other URIs as
     * they are.
     */
    public static String auditedPath(String requestUri) {
        int start = requestUri.indexOf(PATH + "/");
        if (start < 0) {
            return requestUri;
        }
        int afterCollection = requestUri.indexOf('/', start + PATH.length() + 1);
        return afterCollection < 0 ? requestUri : requestUri.substring(0, afterCollection) + "/{id}";
    }

    /**
     * As {@link #auditedPath(String)}, from the path the container mapped (decoded, path parameters removed): the raw
     * URI of {@code /mcp-admin;x=1/tasks/abc} or {@code /mcp%2Dadmin/tasks/abc} reaches the same resource, and its task
     * id would have been written as it is.
     */
    public static String auditedPath(jakarta.servlet.http.HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if ((servletPath == null || servletPath.isEmpty()) && pathInfo == null) {
            return auditedPath(request.getRequestURI());
        }
        String context = request.getContextPath();
        return auditedPath((context == null ? "" : context) + (servletPath == null ? "" : servletPath)
                + (pathInfo == null ? "" : pathInfo));
    }

    /** Jersey (Payara) would also serve a generated WADL description under the path; nobody needs it. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OperationsResource.class, SessionsResource.class, TasksResource.class, OperationsGuard.class, JsonHttpErrors.class,
                OptionsAnswers.class);
    }
}
