package dev.jakartamcp.security;

import dev.jakartamcp.api.AuditRecord;
import dev.jakartamcp.ops.MetricsServlet;
import dev.jakartamcp.ops.Observations;
import dev.jakartamcp.ops.OperationsApi;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.Caller;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.transport.CorsHeaders;
import dev.jakartamcp.transport.HttpChecks;
import dev.jakartamcp.transport.LateAuthentication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The authentication of the WAR, run by {@link BearerServerAuthModule} for every request: a bearer token this server
 * validated becomes the container's caller, so that {@code HttpServletRequest.getUserPrincipal()}/{@code isUserInRole},
 * {@code jakarta.security.enterprise.SecurityContext}, EJB {@code @RolesAllowed} and JAX-RS {@code SecurityContext}
 * in the same WAR see the token (a {@code JsonWebToken}) as principal and its permissions as groups.
 *
 * <ul>
 *   <li>The MCP endpoint ({@code /mcp}, protected by the {@code web.xml} constraint) needs a valid token: without one
 *       the answer is 401 with a {@code WWW-Authenticate} challenge pointing at the protected resource metadata;
 *       Host and Origin are checked first (DNS rebinding), 403 when they are not allowed.</li>
 *   <li>Other paths of the WAR (the operations API {@code /mcp-admin}, the application's own JAX-RS resources) are
 *       authenticated when they carry a bearer token, and left to the container's own rules when they do not (the
 *       operations API then answers 401 itself). The protected resource metadata is public and never looks at
 *       tokens.</li>
 *   <li>The container groups are the token's permissions, {@link OperationsRole} mapping {@code mcp.ops.role}.</li>
 *   <li>With authorization off, MCP requests run as the container caller {@code anonymous}, without groups.</li>
 *   <li>CORS preflights ({@code OPTIONS}) pass untouched; the constraint omits that method.</li>
 * </ul>
 * Failures are written here, in full, before the module answers {@code SEND_FAILURE}: the containers' own
 * {@code responseUnauthorized()} would replace the JSON body with an error page.
 */
@ApplicationScoped
public class BearerAuthentication implements LateAuthentication {
    public static final String TOKEN_ATTRIBUTE = "dev.jakartamcp.token";
    private static final Logger LOG = Logger.getLogger(BearerAuthentication.class.getName());

    @Inject
    ResourceServer server;

    @Inject
    HttpChecks checks;

    @Inject
    CorsHeaders cors;

    @Inject
    McpSettings settings;

    @Inject
    Observations observations;

    /**
     * What the container is told about this request.
     *
     * @param caller the container's caller, {@code null} for an unauthenticated request that may go on
     * @param groups the caller's container groups
     * @param refused whether the answer (401, 403, 400, 503 or 500) is already written
     */
    public record Login(Principal caller, Set<String> groups, boolean refused) {
        static final Login NONE = new Login(null, Set.of(), false);
        static final Login REFUSED = new Login(null, Set.of(), true);

        static Login of(Principal caller, Set<String> groups) {
            return new Login(caller, groups, false);
        }
    }

    public Login authenticate(HttpServletRequest request, HttpServletResponse response) {
        if ("OPTIONS".equals(request.getMethod()) || isPublic(request)) {
            return Login.NONE;
        }
        return decideOrRefuse(request, response, isEndpoint(request));
    }

    @Override
    public boolean authenticatedAsEndpoint(HttpServletRequest request, HttpServletResponse response) {
        return !decideOrRefuse(request, response, true).refused();
    }

    private Login decideOrRefuse(HttpServletRequest request, HttpServletResponse response, boolean endpoint) {
        try {
            return decide(request, response, endpoint);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Authentication failed unexpectedly", e);
            return refuse(request, response, 500, "{\"error\":\"server_error\",\"error_description\":\"internal error\"}");
        }
    }

    /** {@code endpoint}: the request goes to the MCP endpoint, which needs a valid token (else a path that may carry one). */
    private Login decide(HttpServletRequest request, HttpServletResponse response, boolean endpoint) {
        if (endpoint) {
            Optional<String> problem = checks.hostProblem(request).or(() -> checks.originProblem(request));
            if (problem.isPresent()) {
                refused(request, endpoint, AuditRecord.Outcome.DENIED, "host_or_origin");
                return refuse(request, response, 403, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":"
                        + jsonString("Forbidden: " + problem.get()) + "}}");
            }
        }
        if (!server.enabled()) {
            if (!endpoint) {
                return Login.NONE;
            }
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, Caller.anonymous(request.getRemoteAddr()));
            return Login.of(AnonymousCaller.INSTANCE, Set.of());
        }
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (!endpoint && headers.stream().noneMatch(h -> bearerToken(h) != null)) {
            return Login.NONE;
        }
        String query = request.getQueryString();
        if (query != null && query.toLowerCase(Locale.ROOT).matches("(^|.*&)access_token=.*")) {
            refused(request, endpoint, AuditRecord.Outcome.UNAUTHENTICATED, "invalid_request");
            return challenge(request, response, 400, BearerChallenge.invalidToken(server.metadataUrlFor(request), challengeScopes(request),
                    "access tokens are accepted in the Authorization header only"), "invalid_request");
        }
        if (headers.size() > 1) {
            refused(request, endpoint, AuditRecord.Outcome.UNAUTHENTICATED, "invalid_request");
            return challenge(request, response, 400, BearerChallenge.invalidToken(server.metadataUrlFor(request), challengeScopes(request),
                    "more than one Authorization header"), "invalid_request");
        }
        String token = headers.isEmpty() ? null : bearerToken(headers.get(0));
        if (token == null) {
            refused(request, endpoint, AuditRecord.Outcome.UNAUTHENTICATED, "missing_token");
            return challenge(request, response, 401, BearerChallenge.missingToken(server.metadataUrlFor(request), challengeScopes(request)), null);
        }
        VerifiedToken verified;
        try {
            verified = server.validate(token);
        } catch (TokenRejectedException e) {
            if (e.reason() == TokenRejectedException.Reason.KEYS_UNAVAILABLE) {
                refused(request, endpoint, AuditRecord.Outcome.UNAVAILABLE, "keys_unavailable");
                response.setHeader("Retry-After", "30");
                return refuse(request, response, 503,
                        "{\"error\":\"temporarily_unavailable\",\"error_description\":\"the authorization server's signing keys cannot be fetched\"}");
            }
            refused(request, endpoint, AuditRecord.Outcome.UNAUTHENTICATED, e.reason().name().toLowerCase(Locale.ROOT));
            return challenge(request, response, 401, BearerChallenge.invalidToken(server.metadataUrlFor(request), challengeScopes(request), e), null);
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE, new Caller(verified.issuer(), verified.subject(), verified.roles(),
                verified.claims(), verified.expiresAt(), request.getRemoteAddr()));
        request.setAttribute(TOKEN_ATTRIBUTE, verified);
        return Login.of(CallerToken.principal(verified, server.exposeRawToken()),
                OperationsRole.containerGroups(verified.roles(), settings.opsRole()));
    }

    /**
     * What a challenge here asks for: what the requested path needs, as that path's own 401 without a token says
     * ({@code mcp.ops.role} at the operations API, {@code mcp.metrics.role} at the metrics), else the MCP scopes.
     */
    private List<String> challengeScopes(HttpServletRequest request) {
        String path = request.getServletPath();
        if (path != null && (path.equals(OperationsApi.PATH) || path.startsWith(OperationsApi.PATH + "/"))) {
            return List.of(settings.opsRole());
        }
        if (MetricsServlet.PATH.equals(path) && settings.metricsRole().isPresent()) {
            return List.of(settings.metricsRole().get());
        }
        return server.scopesSupported();
    }

    /** Audited and counted: who asked (the address only; no token was accepted), what, and why it was refused. */
    private void refused(HttpServletRequest request, boolean endpoint, AuditRecord.Outcome outcome, String reason) {
        String path = endpoint ? "/mcp" : OperationsApi.auditedPath(request);
        observations.refused(Caller.anonymous(request.getRemoteAddr()), request.getMethod() + " " + path, outcome, reason,
                request.getHeader("traceparent"));
    }

    /** Whether the request goes to the MCP servlet, by path or, for path variants a container maps to it, by mapping. */
    static boolean isEndpoint(HttpServletRequest request) {
        if ("/mcp".equals(request.getServletPath())) {
            return true;
        }
        try {
            return request.getHttpServletMapping() != null
                    && "dev.jakartamcp.transport.McpServlet".equals(request.getHttpServletMapping().getServletName());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The protected resource metadata and the error page: public, never looking at tokens. */
    private static boolean isPublic(HttpServletRequest request) {
        return request.getServletPath().startsWith("/.well-known/");
    }

    static String bearerToken(String header) {
        String value = header.trim();
        if (value.length() < 7 || !value.substring(0, 7).equalsIgnoreCase("Bearer ")) {
            return null;
        }
        String token = value.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private Login challenge(HttpServletRequest request, HttpServletResponse response, int status,
                                           BearerChallenge challenge, String overrideError) {
        String header = challenge.headerValue();
        String body = challenge.jsonBody().toString();
        if (overrideError != null) {
            header = header.replace("error=\"invalid_token\"", "error=\"" + overrideError + "\"");
            body = body.replace("\"invalid_token\"", "\"" + overrideError + "\"");
        }
        response.setHeader("WWW-Authenticate", header);
        return refuse(request, response, status, body);
    }

    private Login refuse(HttpServletRequest request, HttpServletResponse response, int status, String body) {
        try {
            cors.apply(request, response);
            response.setStatus(status);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            response.flushBuffer();
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "could not write the authentication failure; the client is gone", e);
        }
        return Login.REFUSED;
    }

    private static String jsonString(String value) {
        return JsonFactory.createValue(value).toString();
    }
}
