package dev.jakartamcp.ops;

import dev.jakartamcp.ops.ConfigurationReport.Finding;
import dev.jakartamcp.pipeline.ItemKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PropertyNamesTest {
    private static final Map<ItemKind, Set<String>> DEPLOYED = Map.of(
            ItemKind.TOOL, Set.of("get_channels", "record_program"),
            ItemKind.PROMPT, Set.of("summary"),
            ItemKind.RESOURCE_TEMPLATE, Set.of("channel.guide"));

    @Test
    void knownSettingsAndOverridesOfDeployedItemsPass() {
        assertEquals(List.of(), PropertyNames.check(List.of("mcp.session.timeout", "mcp.auth.enabled", "mcp.server.title",
                "mcp.tools.get_channels.enabled", "mcp.tools.record_program.roles", "mcp.prompts.summary.title",
                "mcp.resource-templates.channel.guide.rate-limit", "mcp.resource", "mcp.drain.grace", "mcp.ops.role",
                "mp.jwt.verify.issuer", "java.home", "MCP_SESION_TIMEOUT"), DEPLOYED));
    }

    @Test
    void aTypoIsReportedWithTheNameItProbablyMeant() {
        assertEquals(List.of(new Finding("mcp.sesion.timeout", "unknown setting, ignored (did you mean mcp.session.timeout?)")),
                PropertyNames.check(List.of("mcp.sesion.timeout"), DEPLOYED));
        assertEquals(List.of(new Finding("mcp.nothing.like.it", "unknown setting, ignored")),
                PropertyNames.check(List.of("mcp.nothing.like.it"), DEPLOYED));
    }

    @Test
    void overridesOfItemsThatAreNotDeployedAndUnknownAttributesAreReported() {
        assertEquals(List.of(
                        new Finding("mcp.prompts.summary.enable", "unknown override 'enable' of prompt summary (known: description, enabled, max-concurrent, rate-limit, roles, timeout, title)"),
                        new Finding("mcp.tools.get_chanels.enabled", "no tool named 'get_chanels' is deployed (did you mean get_channels?)"),
                        new Finding("mcp.tools.weather.roles", "no tool named 'weather' is deployed")),
                PropertyNames.check(List.of("mcp.tools.get_chanels.enabled", "mcp.tools.weather.roles", "mcp.prompts.summary.enable"), DEPLOYED));
    }

    /** Task support is a tool's: mcp.prompts.summary.task=required would be ignored, so it is no override of a prompt. */
    @Test
    void aTaskOverrideOfAnItemThatIsNoToolIsReported() {
        assertEquals(List.of(
                        new Finding("mcp.prompts.summary.task", "unknown override 'task' of prompt summary (known: description, enabled, max-concurrent, rate-limit, roles, timeout, title)"),
                        new Finding("mcp.resource-templates.channel.guide.task",
                                "unknown override 'task' of resource template channel.guide (known: description, enabled, max-concurrent, rate-limit, roles, timeout, title)")),
                PropertyNames.check(List.of("mcp.tools.get_channels.task", "mcp.prompts.summary.task",
                        "mcp.resource-templates.channel.guide.task"), DEPLOYED));
    }

    @Test
    void environmentVariablesThatStandForASettingOrAnOverrideOfADeployedItemPass() {
        assertEquals(List.of(), PropertyNames.check(List.of(), Set.of("MCP_SESSION_TIMEOUT", "MCP_PAGE_SIZE", "MCP_RESOURCE",
                "MCP_AUTH_JWKS_TIMEOUT", "MCP_TOOLS_GET_CHANNELS_ENABLED", "MCP_TOOLS_RECORD_PROGRAM_TASK",
                "MCP_RESOURCE_TEMPLATES_CHANNEL_GUIDE_RATE_LIMIT", "MP_JWT_VERIFY_ISSUER", "PATH", "mcp_session_timeout",
                "mcp_tools_get_channels_enabled", "mcp_resource_templates_channel_guide_rate_limit", "mcp_auth_jwks_timeout"), DEPLOYED));
    }

    /**
     * MicroProfile Config also finds mcp.session.timeout as mcp_session_timeout (the property's case kept): a misspelt
     * lower-case variable was ignored without a word, as only MCP_ ones were checked.
     */
    @Test
    void aMisspeltLowerCaseEnvironmentVariableIsReportedLikeAnUpperCaseOne() {
        List<Finding> findings = PropertyNames.check(List.of(), Set.of("mcp_sesion_timeout", "mcp_Session_timeout",
                "mcp_tools_get_chanels_enabled", "mcp_nothing_like_it", "mcp_session_timeout"), DEPLOYED);
        assertEquals(List.of(
                        new Finding("mcp_Session_timeout", "unknown setting, ignored (did you mean mcp_session_timeout?)"),
                        new Finding("mcp_nothing_like_it", "unknown setting, ignored"),
                        new Finding("mcp_sesion_timeout", "unknown setting, ignored (did you mean mcp_session_timeout?)"),
                        new Finding("mcp_tools_get_chanels_enabled", "no tool whose name reads 'get_chanels' in an environment"
                                + " variable is deployed (did you mean mcp_tools_get_channels_enabled?)")),
                findings);
        assertEquals(List.of(), findings.stream().filter(Finding::keepsReadinessDown).toList(),
                "a warning like an MCP_ variable: the environment may hold other software's mcp_ variables");
    }

    /** The lower-case form keeps the case of the item's name, the upper-case form does not. */
    @Test
    void aLowerCaseVariableOverridingAnItemKeepsTheCaseOfItsName() {
        Map<ItemKind, Set<String>> deployed = Map.of(ItemKind.TOOL, Set.of("getWeather"));
        assertEquals(List.of(), PropertyNames.check(List.of(), Set.of("mcp_tools_getWeather_enabled", "MCP_TOOLS_GETWEATHER_ENABLED"), deployed));
        assertEquals(List.of(new Finding("mcp_tools_getweather_enabled", "no tool whose name reads 'getweather' in an environment"
                        + " variable is deployed (did you mean mcp_tools_getWeather_enabled?)")),
                PropertyNames.check(List.of(), Set.of("mcp_tools_getweather_enabled"), deployed));
    }

    /** MP Config maps MCP_SESION_TIMEOUT to no property anybody reads: its value was ignored without a word. */
    @Test
    void aMisspeltEnvironmentVariableIsReportedLikeAMisspeltProperty() {
        List<Finding> findings = PropertyNames.check(List.of("mcp.sesion.timeout"),
                Set.of("MCP_SESION_TIMEOUT", "MCP_NOTHING_LIKE_IT", "MCP_PROMPTS_SUMMARY_ENABLE"), DEPLOYED);
        assertEquals(List.of(
                        new Finding("MCP_NOTHING_LIKE_IT", "unknown setting, ignored"),
                        new Finding("MCP_PROMPTS_SUMMARY_ENABLE", "unknown setting, ignored (did you mean MCP_PROMPTS_SUMMARY_ENABLED?)"),
                        new Finding("MCP_SESION_TIMEOUT", "unknown setting, ignored (did you mean MCP_SESSION_TIMEOUT?)"),
                        new Finding("mcp.sesion.timeout", "unknown setting, ignored (did you mean mcp.session.timeout?)")),
                findings);
        assertEquals(List.of("mcp.sesion.timeout"), findings.stream().filter(Finding::keepsReadinessDown)
                .map(Finding::property).toList(), "only the property keeps readiness DOWN: other MCP software uses MCP_ too");
    }

    @Test
    void anEnvironmentVariableOverridingAnItemThatIsNotDeployedIsReportedLikeSuchAProperty() {
        List<Finding> findings = PropertyNames.check(List.of(), Set.of("MCP_TOOLS_GET_CHANELS_ENABLED"), DEPLOYED);
        assertEquals(List.of(new Finding("MCP_TOOLS_GET_CHANELS_ENABLED", "no tool whose name reads 'GET_CHANELS' in an"
                + " environment variable is deployed (did you mean MCP_TOOLS_GET_CHANNELS_ENABLED?)")), findings);
        assertTrue(findings.get(0).aboutMissingItem());
        assertTrue(!findings.get(0).keepsReadinessDown());
    }

    /**
     * The server validates tokens itself and reads three MP-JWT properties: any other was ignored without a word, so
     * an operator who set mp.jwt.verify.clock.skew believed the tolerance changed.
     */
    @Test
    void anMpJwtPropertyTheServerDoesNotReadIsReportedWithWhatToDoInstead() {
        List<Finding> findings = PropertyNames.check(List.of("mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location",
                "mp.jwt.verify.audiences", "mp.jwt.verify.publickey.algorithm", "mp.jwt.verify.clock.skew",
                "mp.jwt.verify.publickey", "mp.jwt.token.header", "mp.jwt.token.cookie", "mp.jwt.verify.token.age",
                "mp.jwt.decrypt.key.location", "mp.jwt.verify.audience", "mp.jwt.something.else"), DEPLOYED);
        String notRead = "not read, ignored: this server validates tokens itself; ";
        assertEquals(List.of(
                        new Finding("mp.jwt.decrypt.key.location", notRead + "encrypted tokens (JWE) are not accepted"),
                        new Finding("mp.jwt.something.else", "unknown setting, ignored (of MP-JWT this server reads only "
                                + "mp.jwt.verify.issuer, mp.jwt.verify.publickey.location, mp.jwt.verify.audiences)"),
                        new Finding("mp.jwt.token.cookie", notRead + "tokens are taken only from the Authorization header"),
                        new Finding("mp.jwt.token.header", notRead + "tokens are taken only from the Authorization header"),
                        new Finding("mp.jwt.verify.audience", "unknown setting, ignored (did you mean mp.jwt.verify.audiences?)"),
                        new Finding("mp.jwt.verify.clock.skew", notRead + "set mcp.auth.clock-skew instead"),
                        new Finding("mp.jwt.verify.publickey", notRead + "the keys come only from the JWKS at mp.jwt.verify.publickey.location"),
                        new Finding("mp.jwt.verify.publickey.algorithm", notRead + "set mcp.auth.allowed-algorithms instead"),
                        new Finding("mp.jwt.verify.token.age", notRead
                                + "there is no maximum token age: a token is accepted until its exp (within mcp.auth.clock-skew)")),
                findings);
        assertTrue(findings.stream().allMatch(Finding::keepsReadinessDown), "as an unknown property under mcp. does");
    }

    @Test
    void anMpJwtEnvironmentVariableTheServerDoesNotReadIsAWarning() {
        List<Finding> findings = PropertyNames.check(List.of(), Set.of("MP_JWT_VERIFY_ISSUER", "mp_jwt_verify_audiences",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_CLOCK_SKEW", "mp_jwt_verify_publickey_algorithm",
                "MP_JWT_VERIFY_AUDIENCE", "MP_JWT_TOKEN_HEADER"), DEPLOYED);
        String notRead = "not read, ignored: this server validates tokens itself; ";
        assertEquals(List.of(
                        new Finding("MP_JWT_TOKEN_HEADER", notRead + "tokens are taken only from the Authorization header"),
                        new Finding("MP_JWT_VERIFY_AUDIENCE", "unknown setting, ignored (did you mean MP_JWT_VERIFY_AUDIENCES?)"),
                        new Finding("MP_JWT_VERIFY_CLOCK_SKEW", notRead + "set mcp.auth.clock-skew instead"),
                        new Finding("mp_jwt_verify_publickey_algorithm", notRead + "set mcp.auth.allowed-algorithms instead")),
                findings);
        assertEquals(List.of(), findings.stream().filter(Finding::keepsReadinessDown).toList(), "warnings only, as for MCP_");
    }

    @Test
    void theEnvironmentNameIsTheUpperCasePropertyNameWithUnderscores() {
        assertEquals("MCP_SESSION_TIMEOUT", PropertyNames.environmentName("mcp.session.timeout"));
        assertEquals("MCP_RESOURCE_TEMPLATES_CHANNEL_GUIDE_RATE_LIMIT",
                PropertyNames.environmentName("mcp.resource-templates.channel.guide.rate-limit"));
        assertEquals("MCP_TOOLS_GET_WEATHER_ENABLED", PropertyNames.environmentName("mcp.tools.get/weather.enabled"));
    }

    @Test
    void atMostOneHundredFindings() {
        List<String> names = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "mcp.junk" + i).toList();
        assertEquals(100, PropertyNames.check(names, DEPLOYED).size());
    }

    /**
     * Readiness leaves overrides of items that are not deployed out and is DOWN for the rest: when a hundred of those
     * came first, the cap dropped the typo after them and readiness was UP with an ignored property.
     */
    @Test
    void overridesOfItemsThatAreNotDeployedDoNotCrowdOutATypo() {
        List<String> names = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 150)
                .mapToObj(i -> "mcp.prompts.gone" + i + ".enabled").toList());
        names.add("mcp.sesion.timeout");
        List<Finding> findings = PropertyNames.check(names, DEPLOYED);
        assertEquals(List.of(new Finding("mcp.sesion.timeout", "unknown setting, ignored (did you mean mcp.session.timeout?)")),
                findings.stream().filter(f -> !f.aboutMissingItem()).toList());
        assertEquals(100, findings.stream().filter(Finding::aboutMissingItem).count());
    }
}
