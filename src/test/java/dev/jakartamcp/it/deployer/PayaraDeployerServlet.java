package dev.jakartamcp.it.deployer;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

/**
 * Test only, never part of the product: the application through which {@code RunningPayaraMicro} deploys test
 * archives into a running Payara Micro (the one of an Arquillian run, {@code SharedPayaraMicro}, and the one of
 * {@code DeploymentValidationIT}), with Payara Micro's own runtime API
 * ({@code PayaraMicro.getInstance().getRuntime()}, read reflectively: the API is on the server's class path, not on
 * the test's). The server's listener is bound to 127.0.0.1.
 *
 * <ul>
 *   <li>{@code GET /applications}: the deployed applications' names, one per line (200 once the server is up).</li>
 *   <li>{@code PUT /applications/{name}?contextroot=/x} with the archive as body: deploys it; 201 when the server
 *       then lists it, 409 when it does not (the reason is in the server's log).</li>
 *   <li>{@code DELETE /applications/{name}}: undeploys it; 204, or 404 when it was not deployed.</li>
 * </ul>
 */
@WebServlet("/applications/*")
public class PayaraDeployerServlet extends HttpServlet {
    private static final Object DEPLOYING = new Object();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        text(response, 200, String.join("\n", deployed()));
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = name(request);
        String contextRoot = request.getParameter("contextroot");
        if (name == null || contextRoot == null) {
            text(response, 400, "PUT /applications/{name}?contextroot=/x with the archive as body");
            return;
        }
        Path archive = Files.createTempFile("arquillian-" + name, ".war");
        try {
            Files.copy(request.getInputStream(), archive, StandardCopyOption.REPLACE_EXISTING);
            synchronized (DEPLOYING) {
                invoke("deploy", new Class<?>[] {String.class, String.class, File.class}, name, contextRoot, archive.toFile());
                boolean listed = deployed().contains(name);
                text(response, listed ? 201 : 409, listed ? name : name + " did not deploy; see the server's log");
            }
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = name(request);
        synchronized (DEPLOYING) {
            if (name == null || !deployed().contains(name)) {
                text(response, 404, name + " is not deployed");
                return;
            }
            invoke("undeploy", new Class<?>[] {String.class}, name);
            response.setStatus(204);
        }
    }

    private static String name(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null || path.length() < 2 ? null : path.substring(1);
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> deployed() {
        return (Collection<String>) invoke("getDeployedApplicationNames", new Class<?>[0]);
    }

    private static Object invoke(String method, Class<?>[] types, Object... arguments) {
        try {
            Class<?> micro = Class.forName("fish.payara.micro.PayaraMicro", true, Thread.currentThread().getContextClassLoader());
            Object instance = micro.getMethod("getInstance").invoke(null);
            Object runtime = instance.getClass().getMethod("getRuntime").invoke(instance);
            return runtime.getClass().getMethod(method, types).invoke(runtime, arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Payara Micro's runtime API cannot be reached", e);
        }
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(body);
    }
}
