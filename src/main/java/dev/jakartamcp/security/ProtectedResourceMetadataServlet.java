package dev.jakartamcp.security;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RFC 9728 protected resource metadata, at {@code /.well-known/oauth-protected-resource} and at the path-suffixed
 * {@code /.well-known/oauth-protected-resource/mcp}. Public: clients read it before they have a token.
 */
@WebServlet(urlPatterns = {"/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/*"})
public class ProtectedResourceMetadataServlet extends HttpServlet {

    @Inject
    ResourceServer server;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String suffix = request.getPathInfo();
        if (suffix != null && !suffix.equals("/") && !suffix.equals("/mcp")) {
            response.sendError(404);
            return;
        }
        if (!server.enabled()) {
            response.sendError(404, "authorization is off");
            return;
        }
        byte[] body = server.metadataFor(request).toJson().toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
