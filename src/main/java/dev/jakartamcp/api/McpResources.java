package dev.jakartamcp.api;

/**
 * The server's resources as application code changes them while it runs: {@code @Inject McpResources resources}, from
 * the WAR or from a tool JAR compiled against this API alone. {@link #updated} is how a resource's own code tells the
 * clients that subscribed to it ({@code resources/subscribe}, a 2026-07-28 {@code subscriptions/listen}) that it
 * changed: each is sent {@code notifications/resources/updated} while it may still read the resource, on every node
 * of a cluster.
 */
public interface McpResources {
    /** Adds a resource with a fixed URI; clients are told the list changed (as {@link McpTools#register}). */
    void register(ResourceDefinition resource);

    /** Removes the resource with the fixed URI {@code uri}; false when there was none. Clients are told the list changed. */
    boolean remove(String uri);

    /** Tells the clients subscribed to {@code uri} that the resource there changed. */
    void updated(String uri);
}
