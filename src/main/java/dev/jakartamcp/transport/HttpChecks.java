package dev.jakartamcp.transport;

import dev.jakartamcp.protocol.McpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Origin, Host, Accept and Content-Type rules of the Streamable HTTP transport. */
@ApplicationScoped
public class HttpChecks {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    @Inject
    McpSettings settings;

    /**
     * A present Origin must be the server's own origin (the same host and port as the Host header, which
     * {@link #hostProblem} checks separately) or one listed in {@code mcp.allowed-origins} ("*" allows all).
     * Browsers send Origin on cross-site requests, so this stops DNS rebinding and drive-by pages.
     */
    public Optional<String> originProblem(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return Optional.empty();
        }
        if (isAllowedOrigin(origin, request)) {
            return Optional.empty();
        }
        return Optional.of("Origin " + sanitize(origin) + " is not allowed");
    }

    public boolean isAllowedOrigin(String origin, HttpServletRequest request) {
        for (String allowed : settings.allowedOrigins()) {
            if (allowed.equals("*") || allowed.equalsIgnoreCase(origin)) {
                return true;
            }
        }
        try {
            URI o = URI.create(origin.trim());
            String host = request.getHeader("Host");
            return o.getHost() != null && host != null && sameHostPort(o, host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean sameHostPort(URI origin, String hostHeader) {
        return (origin.getHost() + portSuffix(origin)).equalsIgnoreCase(hostHeader);
    }

    private static String portSuffix(URI uri) {
        return uri.getPort() >= 0 ? ":" + uri.getPort() : "";
    }

    /**
     * When the server listens on a loopback address, the Host header must name a loopback host (or one listed in
     * {@code mcp.allowed-hosts}): a DNS-rebound name pointing at 127.0.0.1 is refused.
     */
    public Optional<String> hostProblem(HttpServletRequest request) {
        if (!isLoopbackServer(request)) {
            return Optional.empty();
        }
        String host = request.getHeader("Host");
        if (host == null) {
            return Optional.of("Host header is required");
        }
        String name = hostName(host);
        if (isLoopbackName(name) || settings.allowedHosts().stream().anyMatch(h -> h.equalsIgnoreCase(name) || h.equalsIgnoreCase(host))) {
            return Optional.empty();
        }
        return Optional.of("Host " + sanitize(host) + " is not allowed");
    }

    static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon > 0 ? h.substring(0, colon) : h;
    }

    static boolean isLoopbackName(String name) {
        return name != null && LOOPBACK_NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    static boolean isLoopbackServer(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getLocalAddr()).isLoopbackAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    public static boolean hasJsonContentType(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        String mime = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json");
    }

    /** What the Accept header allows: a JSON body, an SSE stream, or both. */
    public record Acceptance(boolean json, boolean sse) {
        public boolean none() {
            return !json && !sse;
        }
    }

    public static Acceptance acceptance(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return new Acceptance(true, false);
        }
        boolean json = false;
        boolean sse = false;
        for (String part : accept.split(",")) {
            String[] pieces = part.split(";");
            String mime = pieces[0].trim().toLowerCase(Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim().replace(" ", "");
                if (p.equals("q=0") || p.equals("q=0.0") || p.equals("q=0.00") || p.equals("q=0.000")) {
                    refused = true;
                }
            }
            if (refused) {
                continue;
            }
            switch (mime) {
                case "*/*" -> { json = true; sse = true; }
                case "application/*", "application/json" -> json = true;
                case "text/*", "text/event-stream" -> sse = true;
                default -> { }
            }
        }
        return new Acceptance(json, sse);
    }

    static String sanitize(String value) {
        String v = value.length() > 200 ? value.substring(0, 200) + "…" : value;
        return v.replaceAll("[\\p{Cntrl}\"]", "?");
    }
}
