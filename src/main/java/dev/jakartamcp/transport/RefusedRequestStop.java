package dev.jakartamcp.transport;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * First in front of every path of the WAR ({@code web.xml}): a request whose response is committed before any filter
 * ran was refused by the authentication module, which wrote its 401 or 403 itself, and goes no further. Open Liberty
 * runs the filters and the servlet after the module's refusal on a path without a security constraint, so without
 * this an application's own JAX-RS resource (or a servlet of a tool JAR) ran, as the unauthenticated caller, for a
 * request whose client was told 401, and ran again when the client retried with a fresh token. Payara stops there
 * itself; nothing is ever written before this filter otherwise.
 */
public class RefusedRequestStop extends HttpFilter {
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response.isCommitted()) {
            return;
        }
        chain.doFilter(request, response);
    }
}
