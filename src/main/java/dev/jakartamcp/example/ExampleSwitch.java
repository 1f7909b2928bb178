package dev.jakartamcp.example;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import dev.jakartamcp.protocol.McpSettings;

import java.util.logging.Logger;

/** Leaves the demo tools out of the deployment when {@code mcp.examples.enabled=false}. */
public class ExampleSwitch implements Extension {
    private static final Logger LOG = Logger.getLogger(ExampleSwitch.class.getName());

    private Boolean enabled;

    <T> void onType(@Observes ProcessAnnotatedType<T> event) {
        Class<T> type = event.getAnnotatedType().getJavaClass();
        if (type.getPackage() != null && type.getPackage().getName().equals(ExampleSwitch.class.getPackageName()) && !enabled()) {
            event.veto();
        }
    }

    private boolean enabled() {
        if (enabled == null) {
            try {
                // strict, as every setting: MicroProfile Config's own Boolean converter takes "yes" for true
                enabled = new McpSettings().bool("mcp.examples.enabled", true);
            } catch (IllegalStateException e) {
                enabled = false; // the startup check stops the deployment, naming the property
            }
            if (!enabled) {
                LOG.info("mcp.examples.enabled=false: the demo tools are not deployed");
            }
        }
        return enabled;
    }
}
