package dev.jakartamcp.security;

import dev.jakartamcp.transport.JsonHttpErrors;
import dev.jakartamcp.transport.OptionsAnswers;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Map;
import java.util.Set;

/**
 * The RFC 9728 protected resource metadata as a JAX-RS application. Its classes are listed, so that it serves nothing
 * else of the WAR (and the operations API serves no metadata).
 */
@ApplicationPath(ProtectedResourceMetadata.WELL_KNOWN_PATH)
public class MetadataApi extends Application {
    /** Jersey (Payara) would also serve a generated WADL description under the path; nobody needs it. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ProtectedResourceMetadataResource.class, JsonHttpErrors.class, OptionsAnswers.class);
    }
}
