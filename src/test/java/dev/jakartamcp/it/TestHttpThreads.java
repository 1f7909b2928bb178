package dev.jakartamcp.it;

import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The size of the server's HTTP thread pool a test deployment asks for, in its {@code WEB-INF/test-http-threads}
 * (ExecutionModelIT); the Arquillian extensions give the server that pool for the deployment.
 */
final class TestHttpThreads {
    static final String MARKER = "/WEB-INF/test-http-threads";

    private TestHttpThreads() {
    }

    static Optional<Integer> requested(DeploymentDescription description) {
        return description.isArchiveDeployment() ? requested(description.getArchive()) : Optional.empty();
    }

    static Optional<Integer> requested(Archive<?> archive) {
        Node node = archive.get(MARKER);
        if (node == null || node.getAsset() == null) {
            return Optional.empty();
        }
        try (InputStream in = node.getAsset().openStream()) {
            return Optional.of(Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
