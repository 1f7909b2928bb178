package dev.jakartamcp.security;

import jakarta.servlet.http.HttpServletRequest;

import java.util.function.BooleanSupplier;

/**
 * The resource server as the code around it sees it in unit tests: authorization on while {@code on} says so, its
 * metadata at {@link #METADATA}. Subclass it for what a test needs more (token validation, scopes).
 */
public class FakeResourceServer extends ResourceServer {
    public static final String METADATA = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";

    private final BooleanSupplier on;

    public FakeResourceServer(BooleanSupplier on) {
        this.on = on;
    }

    /** Authorization always on. */
    public FakeResourceServer() {
        this(() -> true);
    }

    @Override
    public boolean enabled() {
        return on.getAsBoolean();
    }

    @Override
    public String metadataUrlFor(HttpServletRequest request) {
        return METADATA;
    }
}
