package dev.jakartamcp.it;

import org.jboss.arquillian.test.api.ArquillianResource;

import java.net.URL;

/** Base of the Arquillian ITs that talk to the deployed endpoint: where it is, and one client for it per test. */
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
}
