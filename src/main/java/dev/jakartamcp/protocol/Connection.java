package dev.jakartamcp.protocol;

import java.util.Locale;
import java.util.Map;

/**
 * What the transport saw of the connection a request came on, for the request's span and metrics (the conventions'
 * {@code client.port}, {@code network.protocol.version}, {@code network.transport}). Both come from the container, as
 * the caller's address does: behind a proxy they are the proxy's, unless the container is told to take the client's
 * from the proxy's headers.
 *
 * @param clientPort  the remote port; 0 when the container knows none
 * @param httpVersion {@code 1.0}, {@code 1.1}, {@code 2} or {@code 3}; null when the container named another protocol
 */
public record Connection(int clientPort, String httpVersion) {
    public static final Connection UNKNOWN = new Connection(0, null);

    /** The servlet API's {@code getProtocol()} values (RFC 9110's {@code HTTP/1.1}, {@code HTTP/2.0} of Servlet 4). */
    private static final Map<String, String> HTTP_VERSIONS = Map.of("HTTP/1.0", "1.0", "HTTP/1.1", "1.1",
            "HTTP/2", "2", "HTTP/2.0", "2", "HTTP/3", "3", "HTTP/3.0", "3");

    public Connection {
        clientPort = clientPort > 0 && clientPort <= 65535 ? clientPort : 0;
        httpVersion = httpVersion != null && HTTP_VERSIONS.containsValue(httpVersion) ? httpVersion : null;
    }

    /** From {@code ServletRequest.getRemotePort()} and {@code getProtocol()}. */
    public static Connection of(int remotePort, String servletProtocol) {
        String version = servletProtocol == null ? null : HTTP_VERSIONS.get(servletProtocol.toUpperCase(Locale.ROOT));
        return new Connection(remotePort, version);
    }

    /** {@code network.transport}: {@code quic} for HTTP/3, {@code tcp} for every other HTTP. */
    public String transport() {
        return "3".equals(httpVersion) ? "quic" : "tcp";
    }
}
