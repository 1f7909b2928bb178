package dev.jakartamcp.it.live;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test fixture: a MicroProfile config source of the deployed WAR whose values a test changes while the server runs
 * ({@link LiveSettingsServlet}), as an operator changes a live setting through the admin console or {@code server.xml};
 * above every other source of the test servers, so what it holds wins.
 */
public class LiveSettings implements ConfigSource {
    static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(VALUES.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public String getName() {
        return "it-live-settings";
    }

    @Override
    public int getOrdinal() {
        return 900;
    }
}
