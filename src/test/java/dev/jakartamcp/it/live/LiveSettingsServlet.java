package dev.jakartamcp.it.live;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Test fixture: {@code PUT /it-live-settings?name=…&value=…} sets a value of {@link LiveSettings},
 * {@code DELETE /it-live-settings?name=…} removes it. Only in test deployments, bound to loopback like the servers.
 */
@WebServlet("/it-live-settings")
public class LiveSettingsServlet extends HttpServlet {
    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LiveSettings.VALUES.put(request.getParameter("name"), request.getParameter("value"));
        response.setStatus(204);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LiveSettings.VALUES.remove(request.getParameter("name"));
        response.setStatus(204);
    }
}
