package dev.jakartamcp.it;

import org.jboss.arquillian.test.api.ArquillianResource;

import java.net.URL;

/**
 * Base of the Arquillian ITs that talk to the deployed WAR: where it is ({@link #origin()}: Arquillian reports the
 * server's cluster address or "localhost", the listener is on loopback), a client of {@code /mcp} per test
 * ({@link #mcp()}) and a plain HTTP client for any path ({@link #client()}).
 */
abstract class EndpointIT {
    @ArquillianResource
    URL deployed;

    private McpHttpClient client;

    /** A client of {@code /mcp} on the deployment (on 127.0.0.1, whatever address Arquillian reports). */
    McpHttpClient mcp() {
        if (client == null) {
            client = new McpHttpClient(McpDeployments.endpoint(deployed));
        }
        return client;
    }

    /** {@code http://127.0.0.1:PORT} of the deployment. */
    String origin() {
        return "http://127.0.0.1:" + deployed.getPort();
    }

    /** A plain HTTP client of the deployment: {@code /mcp}, the metadata, the operations API. */
    AuthClient client() {
        return new AuthClient(origin());
    }
}
