package dev.jakartamcp.ops;

import dev.jakartamcp.ops.ConfigurationReport.Finding;
import dev.jakartamcp.ops.ShadowedValues.Effective;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A value set in the environment or as a system property that a source asked first overrides: on Liberty the shipped
 * mcp-settings.xml sets every setting at ordinal 500, so MCP_SESSION_TIMEOUT (300) and -Dmcp.session.timeout (400) were
 * ignored without a word.
 */
class ShadowedValuesTest {
    static final String SERVER_XML = "server.xml";
    private final Map<String, Effective> inForce = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, String> system = new HashMap<>();

    private List<Finding> check(String... properties) {
        return ShadowedValues.check(List.of(properties), inForce::get, environment, system);
    }

    @Test
    void anEnvironmentVariableAndASystemPropertyOverriddenByServerXmlAreWarnings() {
        inForce.put("mcp.session.timeout", new Effective("PT10M", "PT10M", SERVER_XML, 500));
        environment.put("MCP_SESSION_TIMEOUT", "PT30M");
        environment.put("mcp_session_timeout", "PT40M");
        system.put("mcp.session.timeout", "PT20M");
        List<Finding> findings = check("mcp.session.timeout", "mcp.page-size");
        assertEquals(List.of(
                new Finding("mcp.session.timeout", "ignored: the system property sets 'PT20M', but server.xml (ordinal 500)"
                        + " sets mcp.session.timeout to 'PT10M' and takes precedence"),
                new Finding("mcp_session_timeout", "ignored: the environment variable sets 'PT40M', but server.xml (ordinal 500)"
                        + " sets mcp.session.timeout to 'PT10M' and takes precedence"),
                new Finding("MCP_SESSION_TIMEOUT", "ignored: the environment variable sets 'PT30M', but server.xml (ordinal 500)"
                        + " sets mcp.session.timeout to 'PT10M' and takes precedence")), findings);
        assertTrue(findings.stream().allMatch(Finding::shadowed));
        assertTrue(findings.stream().noneMatch(Finding::keepsReadinessDown), "the value in force is a valid one");
    }

    @Test
    void aValueThatIsInForceOrEqualToItIsNoFinding() {
        inForce.put("mcp.session.timeout", new Effective("PT30M", "PT30M", "SysPropConfigSource", 400));
        system.put("mcp.session.timeout", "PT30M");
        environment.put("MCP_SESSION_TIMEOUT", " PT30M ");
        inForce.put("mcp.resource", new Effective("https://mcp.example.com/mcp", "https://${HOST}/mcp", "EnvConfigSource", 300));
        environment.put("MCP_RESOURCE", "https://${HOST}/mcp");
        inForce.put("mcp.page-size", new Effective("50", "50", SERVER_XML, 500));
        environment.put("MCP_PAGE_SIZE", "");
        assertEquals(List.of(), check("mcp.session.timeout", "mcp.resource", "mcp.page-size"),
                "the winner's own value, an expression as written, an empty variable (not set for MicroProfile Config)");
    }

    @Test
    void anEnvironmentVariableOverriddenByASystemPropertyNamesIt() {
        inForce.put("mcp.page-size", new Effective("20", "20", "SysPropConfigSource", 400));
        environment.put("MCP_PAGE_SIZE", "100");
        assertEquals(List.of(new Finding("MCP_PAGE_SIZE", "ignored: the environment variable sets '100', but SysPropConfigSource"
                + " (ordinal 400) sets mcp.page-size to '20' and takes precedence")), check("mcp.page-size"));
    }

    /** An empty value in a source asked first unsets the property there: the variable is ignored as well. */
    @Test
    void anItemOverrideAndAnEmptyValueThatUnsetsAreWarningsToo() {
        inForce.put("mcp.tools.search.enabled", new Effective("true", "true", SERVER_XML, 500));
        environment.put("MCP_TOOLS_SEARCH_ENABLED", "false");
        inForce.put("mcp.allowed-origins", new Effective("", "", SERVER_XML, 500));
        environment.put("MCP_ALLOWED_ORIGINS", "https://app.example.com");
        assertEquals(List.of(
                new Finding("MCP_ALLOWED_ORIGINS", "ignored: the environment variable sets 'https://app.example.com', but server.xml"
                        + " (ordinal 500) sets mcp.allowed-origins to an empty value (not set) and takes precedence"),
                new Finding("MCP_TOOLS_SEARCH_ENABLED", "ignored: the environment variable sets 'false', but server.xml"
                        + " (ordinal 500) sets mcp.tools.search.enabled to 'true' and takes precedence")),
                check("mcp.tools.search.enabled", "mcp.allowed-origins"));
    }

    @Test
    void secretsAreMasked() {
        inForce.put("mcp.request-state.secret", new Effective("the secret of server.xml, 32 bytes or more", null, SERVER_XML, 500));
        environment.put("MCP_REQUEST_STATE_SECRET", "the secret of the environment, 32 bytes or more");
        List<Finding> findings = check("mcp.request-state.secret");
        assertEquals(List.of(new Finding("MCP_REQUEST_STATE_SECRET", "ignored: the environment variable sets a masked value,"
                + " but server.xml (ordinal 500) sets mcp.request-state.secret to a masked value and takes precedence")), findings);
        assertFalse(findings.get(0).message().contains("the secret of"));
    }

    @Test
    void aPropertyNoSourceReturnsIsLeftAlone() {
        inForce.put("mcp.page-size", new Effective(null, null, null, 0));
        environment.put("MCP_PAGE_SIZE", "100");
        assertEquals(List.of(), check("mcp.page-size", "mcp.session.timeout"));
    }
}
