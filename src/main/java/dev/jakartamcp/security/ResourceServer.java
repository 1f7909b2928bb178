package dev.jakartamcp.security;

import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.protocol.RoleSource;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * This server as an OAuth 2.1 resource server: its settings, the token validator, the scopes it advertises and the
 * URLs of its protected resource metadata. Authorization is on unless {@code mcp.auth.enabled=false}; on without an
 * issuer and key location configured, the deployment fails rather than running open.
 */
@ApplicationScoped
public class ResourceServer {
    private static final Logger LOG = Logger.getLogger(ResourceServer.class.getName());

    @Inject
    McpSettings config;

    @Inject
    @Any
    Instance<RoleSource> roleSources;

    @Resource
    ManagedExecutorService executor;

    private AuthSettings settings;
    private TokenValidator validator;
    private JwksKeySource keySource;
    private boolean exposeRawToken;
    private final LongAdder revokedRefused = new LongAdder();

    /**
     * Created with the application; the signing keys are fetched on a pool thread meanwhile, so that neither the
     * first request nor readiness waits for the issuer (a failed warm-up does not delay the next fetch).
     */
    void eager(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (keySource != null) {
            try {
                executor.execute(keySource::warmUp);
            } catch (RejectedExecutionException e) {
                LOG.fine(() -> "signing keys not fetched ahead of the first token: " + e);
            }
        }
    }

    @PostConstruct
    void init() {
        settings = AuthSettings.fromConfig(config);
        exposeRawToken = config.bool("mcp.auth.expose-raw-token", false);
        if (exposeRawToken) {
            LOG.warning("mcp.auth.expose-raw-token=true: tool code can read the caller's access token. MCP forbids passing it"
                    + " on to other services (token passthrough); exchange it for a token of that service (RFC 8693) instead.");
        }
        if (!settings.enabled()) {
            LOG.warning("\n*****************************************************************************\n"
                    + "* mcp.auth.enabled=false: AUTHORIZATION IS OFF. Every client may call every   *\n"
                    + "* tool without a token. Use this only for local experiments and tests.        *\n"
                    + "*****************************************************************************");
            return;
        }
        if (settings.issuer() == null || settings.jwksUri() == null) {
            throw new IllegalStateException("Authorization is on (mcp.auth.enabled defaults to true) but "
                    + "mp.jwt.verify.issuer and mp.jwt.verify.publickey.location are not both set. Configure the "
                    + "authorization server, or set mcp.auth.enabled=false for a local experiment.");
        }
        keySource = new JwksKeySource(settings);
        validator = new TokenValidator(settings, keySource);
        LOG.info("Authorization on: tokens from " + settings.issuer() + " for " + settings.audiences()
                + ", keys from " + settings.jwksUri());
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public AuthSettings settings() {
        return settings;
    }

    /** Whether {@code JsonWebToken.getRawToken()} hands the bearer token to application code ({@code mcp.auth.expose-raw-token}). */
    public boolean exposeRawToken() {
        return exposeRawToken;
    }

    /** The state of the issuer's signing keys; empty with authorization off. */
    public Optional<JwksKeySource.Status> jwksStatus() {
        return Optional.ofNullable(keySource).map(JwksKeySource::status);
    }

    /**
     * Whether a signing key was ever fetched; if none was, tries now (at most once per
     * {@code mcp.auth.jwks-refresh-min-interval}, bounded by the JWKS timeout), so that readiness does not wait for
     * the first token. Empty with authorization off.
     */
    public Optional<JwksKeySource.Status> jwksStatusFetchingIfNone() {
        if (keySource == null) {
            return Optional.empty();
        }
        return Optional.of(keySource.statusFetchingIfNoKeys());
    }

    /**
     * The token, validated, unless the operator revoked it (checked last: a token that is invalid anyway is refused
     * for what is wrong with it, and the claims of a revoked one are only read once its signature is good).
     */
    public VerifiedToken validate(String token) throws TokenRejectedException {
        VerifiedToken verified = validator.validate(token);
        if (config.revocations().revokes(verified.subject(), verified.claims())) {
            revokedRefused.increment();
            throw new TokenRejectedException(TokenRejectedException.Reason.REVOKED);
        }
        return verified;
    }

    /** Requests refused on this node since the start because their token was revoked. */
    public long revokedRefused() {
        return revokedRefused.sum();
    }

    /** {@code mcp.auth.scopes-supported} if set, else every permission a tool, resource or prompt requires. */
    public List<String> scopesSupported() {
        if (!settings.scopesSupported().isEmpty()) {
            return settings.scopesSupported();
        }
        Set<String> scopes = new TreeSet<>();
        roleSources.forEach(s -> scopes.addAll(s.rolesInUse()));
        // a Jakarta role name need not be an OAuth scope token ("Channel Reader"): such names cannot be asked for
        scopes.removeIf(scope -> !AuthSettings.SCOPE_TOKEN.matcher(scope).matches());
        return List.copyOf(scopes);
    }

    /**
     * Where the metadata of {@code mcp.resource} is, for the challenges' {@code resource_metadata}. Never built from a
     * request's Host or scheme: the metadata is security information (the audience clients ask tokens for), served
     * with {@code Cache-Control: public}.
     */
    public String metadataUrlFor(HttpServletRequest request) {
        return metadataUrl(settings.resource(), request.getContextPath());
    }

    /**
     * At context root, and wherever {@code mcp.resource}'s path is not this WAR's {@code <context>/mcp} (a proxy that
     * rewrites paths), the RFC 9728 §3.1 location of {@code mcp.resource} (the proxy routes it to this WAR's
     * {@code <context>/.well-known/oauth-protected-resource/mcp}); for {@code <context>/mcp}, the copy this WAR serves
     * inside its context, where it can answer without a proxy ({@link ProtectedResourceMetadata#urlWithinContext}).
     */
    static String metadataUrl(String resource, String contextPath) {
        String context = contextPath == null || contextPath.equals("/") ? "" : contextPath;
        if (!context.isEmpty() && (context + "/mcp").equals(URI.create(resource).getRawPath())) {
            return ProtectedResourceMetadata.urlWithinContext(resource, context);
        }
        return ProtectedResourceMetadata.wellKnownUrl(resource);
    }

    /**
     * The metadata document: its {@code resource} is {@code mcp.resource}, at every location and whatever the request
     * looks like, the one URL tokens are accepted for.
     */
    public ProtectedResourceMetadata metadata() {
        return new ProtectedResourceMetadata(settings.resource(), settings.authorizationServers(), scopesSupported(),
                config.serverTitle());
    }
}
