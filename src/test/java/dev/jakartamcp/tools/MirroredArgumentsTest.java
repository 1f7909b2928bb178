package dev.jakartamcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.Prompt;
import dev.jakartamcp.api.McpResourceTemplate;
import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.beans.TestBeans;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.protocol.McpSettings;
import dev.jakartamcp.resources.ResourceRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.Max;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code @Arg(header)} and {@code ToolDefinition.Builder.headerProperty} put {@code x-mcp-header} into a tool's input
 * schema, and any tool whose annotations break server/tools' constraints (which conforming clients answer by leaving the
 * tool out of their list, silently) fails the deployment naming the tool and the annotation.
 */
class MirroredArgumentsTest {

    private static final McpSettings SETTINGS = new McpSettings(key -> Optional.empty());

    enum Tier { GOLD, SILVER }

    public record Order(@Arg(header = "Item") String item) {
    }

    static class Routed {
        @Tool
        public String route(@Arg(name = "region", header = "Region") String region, @Arg(name = "tenant", header = "Tenant-Id") long tenant,
                            @Arg(name = "tier", header = "Tier") Optional<Tier> tier, @Arg(name = "dryRun", header = "Dry-Run") boolean dryRun,
                            @Arg(name = "small", header = "Small") @Max(10) Long small, @Arg(name = "note") String note) {
            return region;
        }
    }

    static class NumberMirrored {
        @Tool
        public String price(@Arg(name = "amount", header = "Amount") double amount) {
            return "";
        }
    }

    static class SecretMirrored {
        @Tool
        public String signIn(@Arg(name = "pin", header = "Pin", secret = true) String pin) {
            return "";
        }
    }

    static class ListMirrored {
        @Tool
        public String tag(@Arg(name = "tags", header = "Tags") List<String> tags) {
            return "";
        }
    }

    static class TwiceMirrored {
        @Tool
        public String twice(@Arg(name = "a", header = "Region") String a, @Arg(name = "b", header = "REGION") String b) {
            return "";
        }
    }

    static class BadName {
        @Tool
        public String bad(@Arg(name = "a", header = "Re gion") String a) {
            return "";
        }
    }

    static class ComponentMirrored {
        @Tool
        public String order(Order order) {
            return "";
        }
    }

    static class PromptMirrored {
        @Prompt
        public String greet(@Arg(name = "name", header = "Name") String name) {
            return name;
        }
    }

    static class TemplateMirrored {
        @McpResourceTemplate(uriTemplate = "test://items/{id}", name = "item")
        public String item(@Arg(name = "id", header = "Id") String id) {
            return id;
        }
    }

    static class Defined {
        @Produces
        ToolDefinition mirrored() {
            return ToolDefinition.builder("defined").headerProperty("region", String.class, "where", true, "Region")
                    .property("note", String.class, null, false).handler((args, ctx) -> "").build();
        }

        @Produces
        ToolDefinition handWritten() {
            return ToolDefinition.builder("hand_written").headerProperty("region", String.class, "where", true, "Region")
                    .inputSchema(json("{'type':'object','properties':{'region':{'type':'string'}}}"))
                    .handler((args, ctx) -> "").build();
        }
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static JsonObject properties(Object bean, String tool) {
        ToolRegistry registry = new TestBeans(bean).registry(new ToolRegistry(), SETTINGS);
        return registry.find(tool).orElseThrow().descriptor().getJsonObject("inputSchema").getJsonObject("properties");
    }

    /** A registry deployed with the tools the {@link Defined} methods of these names produce. */
    private static ToolRegistry produced(String producerMethod) {
        TestBeans beans = new TestBeans();
        ToolRegistry registry = beans.registry(new ToolRegistry(), SETTINGS);
        registry.produced = beans.producedBy(new Defined(), producerMethod);
        registry.init();
        return registry;
    }

    private static String deploymentError(Object bean, Object registry) {
        return assertThrows(DefinitionException.class, () -> new TestBeans(bean).registry(registry, SETTINGS)).getMessage();
    }

    @Test
    void aParametersHeaderIsItsSchemasAnnotationAndItsIntegersStayWithinTheSafeRange() {
        JsonObject p = properties(new Routed(), "route");
        assertEquals("Region", p.getJsonObject("region").getString("x-mcp-header"));
        assertEquals(json("{'type':'integer','minimum':-9007199254740991,'maximum':9007199254740991,'x-mcp-header':'Tenant-Id'}"),
                p.getJsonObject("tenant"));
        assertEquals("Tier", p.getJsonObject("tier").getString("x-mcp-header"));
        assertEquals(json("{'type':'boolean','x-mcp-header':'Dry-Run'}"), p.getJsonObject("dryRun"));
        assertEquals(10, p.getJsonObject("small").getInt("maximum"), "a tighter bound stays");
        assertEquals(-9007199254740991L, p.getJsonObject("small").getJsonNumber("minimum").longValue());
        assertFalse(p.getJsonObject("note").containsKey("x-mcp-header"));
    }

    @Test
    void aHeaderOnlyForWhatAHeaderCanCarryAndNeverASecret() {
        assertTrue(deploymentError(new NumberMirrored(), new ToolRegistry()).contains(
                "@Arg(header = \"Amount\") needs an argument a header can carry: a string (an enum, a java.time value, ...), a boolean or an integer, not JSON type number"));
        assertTrue(deploymentError(new ListMirrored(), new ToolRegistry()).contains("not JSON type array"));
        assertTrue(deploymentError(new SecretMirrored(), new ToolRegistry()).contains(
                "@Arg(header = \"Pin\") on a secret: headers are seen by every intermediary, so a secret is never mirrored into one"));
    }

    @Test
    void headerNamesAreTokensUniqueIgnoringCase() {
        String twice = deploymentError(new TwiceMirrored(), new ToolRegistry());
        assertTrue(twice.startsWith("Invalid input schema of MCP tool 'twice'"), twice);
        assertTrue(twice.endsWith("x-mcp-header \"REGION\" at /properties/b names the header of /properties/a too (header names are case-insensitive)"), twice);
        assertTrue(deploymentError(new BadName(), new ToolRegistry()).endsWith(
                "x-mcp-header at /properties/a must be a header name: one or more letters, digits or !#$%&'*+-.^_`|~ (RFC 9110 token)"));
    }

    @Test
    void onlyATopLevelParameterOfAToolIsMirrored() {
        assertTrue(deploymentError(new ComponentMirrored(), new ToolRegistry()).contains(
                "@Arg(header = \"Item\") on Order.item: only a tool's parameter is mirrored into a header"));
        assertTrue(deploymentError(new PromptMirrored(), new PromptRegistry()).contains(
                "@Arg(header = \"Name\") is for a tool's parameters; a prompt argument is never mirrored into a header"));
        assertTrue(deploymentError(new TemplateMirrored(), new ResourceRegistry()).contains(
                "a URI template variable is never mirrored into a header"));
    }

    @Test
    void aToolDefinedInCodeMirrorsThroughItsPropertiesOrItsOwnSchema() {
        assertEquals(json("{'type':'string','description':'where','x-mcp-header':'Region'}"), produced("mirrored").find("defined")
                .orElseThrow().descriptor().getJsonObject("inputSchema").getJsonObject("properties").getJsonObject("region"));
        String handWritten = assertThrows(DefinitionException.class, () -> produced("handWritten")).getMessage();
        assertTrue(handWritten.endsWith("parameter 'region' (String) has a header, which a hand-written input schema leaves out:"
                + " give its property \"x-mcp-header\": \"Region\" there"), handWritten);
    }

    @Test
    void mirroredIntegersBeyondTheSafeRangeAreRefusedBeforeTheirHeaderIsCompared() {
        HeaderMirror mirror = HeaderMirror.of(dev.jakartamcp.schema.SchemaValidator.check(
                json("{'type':'object','properties':{'n':{'type':'integer','x-mcp-header':'N'}}}")));
        mirror.check(json("{'n':9007199254740991}"), Map.of("n", "9007199254740991"));
        dev.jakartamcp.protocol.McpException e = assertThrows(dev.jakartamcp.protocol.McpException.class,
                () -> mirror.check(json("{'n':9007199254740992}"), Map.of("n", "9007199254740992")));
        assertEquals(-32602, e.code());
        assertEquals("Invalid arguments for tool: 'n' is mirrored into the Mcp-Param-n header and must be between"
                + " -9007199254740991 and 9007199254740991", e.getMessage());
    }
}
