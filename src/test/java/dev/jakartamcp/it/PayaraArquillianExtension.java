package dev.jakartamcp.it;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link SharedPayaraMicro}, the Arquillian container of the Payara Micro executions, except in the Liberty
 * execution ({@code -Darquillian.launch=liberty}), whose class path has the Liberty adapter: Arquillian refuses to
 * choose between two containers.
 *
 * Registered in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class PayaraArquillianExtension implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        if (!"liberty".equals(System.getProperty("arquillian.launch"))) {
            builder.service(DeployableContainer.class, SharedPayaraMicro.class);
        }
    }
}
