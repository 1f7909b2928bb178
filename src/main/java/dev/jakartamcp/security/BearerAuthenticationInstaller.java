package dev.jakartamcp.security;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.List;

/** Registers {@link BearerServerAuthModule} for this web module while it starts, and removes it when it stops. */
@WebListener
public class BearerAuthenticationInstaller implements ServletContextListener {
    @Inject
    BearerAuthentication authentication;

    private List<String> registrations = List.of();

    @Override
    public void contextInitialized(ServletContextEvent event) {
        registrations = BearerAuthConfigProvider.register(authentication, event.getServletContext());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        BearerAuthConfigProvider.unregister(registrations);
    }
}
