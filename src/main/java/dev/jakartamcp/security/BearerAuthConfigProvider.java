package dev.jakartamcp.security;

import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.ServletContext;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers {@link BearerServerAuthModule} as the only Jakarta Authentication module of one web module.
 *
 * <p>Not through {@code AuthConfigFactory.registerServerAuthModule}: for a WAR in the root context Open Liberty
 * registers that under {@code "default_host "} (the servlet context path, empty) but looks modules up under
 * {@code "default_host /"} (its context root), so the module would never run there. The application context of the
 * servlet profile is registered as the specification spells it, and for the root context also in Liberty's spelling.
 */
final class BearerAuthConfigProvider implements AuthConfigProvider {
    static final String LAYER = "HttpServlet";

    private final BearerAuthentication authentication;

    private BearerAuthConfigProvider(BearerAuthentication authentication) {
        this.authentication = authentication;
    }

    /** @return the registration ids, for {@link #unregister} */
    static List<String> register(BearerAuthentication authentication, ServletContext context) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        BearerAuthConfigProvider provider = new BearerAuthConfigProvider(authentication);
        List<String> ids = new ArrayList<>();
        for (String appContext : appContexts(context.getVirtualServerName(), context.getContextPath())) {
            ids.add(factory.registerConfigProvider(provider, LAYER, appContext, "jakarta-mcp-server bearer tokens"));
        }
        return ids;
    }

    static void unregister(List<String> ids) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory != null) {
            ids.forEach(factory::removeRegistration);
        }
    }

    static Set<String> appContexts(String virtualServer, String contextPath) {
        Set<String> contexts = new LinkedHashSet<>();
        contexts.add(virtualServer + " " + contextPath);
        if (contextPath.isEmpty()) {
            contexts.add(virtualServer + " /");
        }
        return contexts;
    }

    @Override
    public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return new Config(layer, appContext, new BearerServerAuthModule(authentication, handler));
    }

    @Override
    public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return null;
    }

    @Override
    public void refresh() {
        // nothing is read from outside
    }

    private record Config(String layer, String appContext, BearerServerAuthModule module) implements ServerAuthConfig {
        @Override
        public ServerAuthContext getAuthContext(String authContextId, Subject serviceSubject,
                                                @SuppressWarnings("rawtypes") Map properties) {
            return module;
        }

        @Override
        public String getMessageLayer() {
            return layer;
        }

        @Override
        public String getAppContext() {
            return appContext;
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return appContext;
        }

        @Override
        public void refresh() {
            // nothing is read from outside
        }

        @Override
        public boolean isProtected() {
            return false;
        }
    }
}
