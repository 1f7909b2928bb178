package dev.jakartamcp.protocol;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingCatalogTest {
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+`) \\| ([^|]*) \\| (yes|no) \\|");
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    /** The README's configuration table, name → live; {@code `mcp.server.name`, `.title`} rows expanded. */
    private static Map<String, Boolean> readmeTable() throws IOException {
        Map<String, Boolean> rows = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (!row.find() || row.group(1).contains("<")) {
                continue;
            }
            String first = null;
            Matcher name = NAME.matcher(row.group(1));
            while (name.find()) {
                String n = name.group(1);
                if (first == null) {
                    first = n;
                } else if (n.startsWith(".")) {
                    n = first.substring(0, first.lastIndexOf('.')) + n;
                }
                rows.put(n, row.group(3).equals("yes"));
            }
        }
        return rows;
    }

    @Test
    void theReadmeTableListsExactlyTheCatalogWithTheSameLiveness() throws IOException {
        Map<String, Boolean> readme = readmeTable();
        Set<String> catalog = new TreeSet<>();
        SettingCatalog.ALL.forEach(s -> catalog.add(s.name()));
        assertEquals(catalog, new TreeSet<>(readme.keySet()));
        for (SettingCatalog.Setting setting : SettingCatalog.ALL) {
            assertEquals(setting.live(), readme.get(setting.name()), setting.name());
        }
    }

    @Test
    void everyDefaultIsWhatTheReaderReturnsWhenNothingIsSet() {
        McpSettings empty = new McpSettings(key -> Optional.empty());
        Set<String> differing = new LinkedHashSet<>();
        for (SettingCatalog.Setting setting : SettingCatalog.ALL) {
            String shown = SettingCatalog.shown(setting, empty);
            if (setting.defaultValue() != null && !shown.isEmpty() && !shown.equals(setting.defaultValue())) {
                differing.add(setting.name() + ": " + shown + " vs " + setting.defaultValue());
            }
        }
        // defaults that are descriptions, the rate limit shown as permits per period, PT60S normalised to PT1M
        assertEquals(Set.of("mcp.resource: http://127.0.0.1:8080/mcp vs required with authorization on; http://127.0.0.1:8080/mcp with it off",
                "mcp.rate-limit.requests-per-minute: 600/PT1M vs 600", "mcp.client-request.timeout: PT1M vs PT60S",
                "mcp.request-state.secret: (not set) vs random per start; with the cluster on, one random key shared through the grid"), differing);
    }

    @Test
    void secretsAreMasked() {
        McpSettings set = new McpSettings(key -> key.equals("mcp.request-state.secret") ? Optional.of("hunter2 hunter2 hunter2 hunter2 hunter2") : Optional.empty());
        SettingCatalog.Setting secret = SettingCatalog.find("mcp.request-state.secret").orElseThrow();
        assertTrue(secret.secret());
        assertEquals("(set, masked)", SettingCatalog.shown(secret, set));
        assertTrue(new SettingCatalog.Setting("mcp.x.db-password", null, false, s -> "").secret());
    }

    @Test
    void everyReaderIsStrict() {
        for (String name : List.of("mcp.session.timeout", "mcp.auth.clock-skew", "mcp.drain.grace")) {
            McpSettings bad = new McpSettings(key -> key.equals(name) ? Optional.of("45000ms") : Optional.empty());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SettingCatalog.find(name).orElseThrow().read().apply(bad), name);
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        McpSettings yes = new McpSettings(key -> key.equals("mcp.examples.enabled") ? Optional.of("yes") : Optional.empty());
        assertThrows(IllegalStateException.class, () -> SettingCatalog.find("mcp.examples.enabled").orElseThrow().read().apply(yes));
    }

    @Test
    void theLibertySettingsFileSetsEveryCatalogSetting() throws IOException {
        String xml = Files.readString(Path.of("server-config/liberty/mcp-settings.xml"));
        Set<String> missing = new TreeSet<>();
        for (SettingCatalog.Setting setting : SettingCatalog.ALL) {
            if (!xml.contains("<variable name=\"" + setting.name() + "\" value=")) {
                missing.add(setting.name());
            }
        }
        assertEquals(Set.of(), missing, "server-config/liberty/mcp-settings.xml");
    }
}
