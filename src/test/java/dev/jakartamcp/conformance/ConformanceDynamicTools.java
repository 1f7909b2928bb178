package dev.jakartamcp.conformance;

import dev.jakartamcp.api.Tool;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.tools.ToolRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;

/** Conformance tools that change the server's lists or are defined in code (producers). */
@ApplicationScoped
public class ConformanceDynamicTools {
    private static final String JSON_SCHEMA_2020_12 = """
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
             "$defs":{"address":{"$anchor":"addressDef","type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
             "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},"contactMethod":{"type":"string","enum":["phone","email"]},"phone":{"type":"string"},"email":{"type":"string"}},
             "allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],
             "if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},"then":{"required":["phone"]},"else":{"required":["email"]},
             "additionalProperties":false}
            """;

    @Inject
    ToolRegistry tools;

    @Inject
    PromptRegistry prompts;

    @Tool(name = "test_trigger_tool_change", description = "Adds or removes a tool, so that the tool list changes")
    public String triggerToolChange() {
        if (tools.remove("test_dynamic_tool")) {
            return "removed test_dynamic_tool";
        }
        tools.register(ToolDefinition.builder("test_dynamic_tool").description("Registered at run time")
                .handler((args, ctx) -> "dynamic").build());
        return "registered test_dynamic_tool";
    }

    @Tool(name = "test_trigger_prompt_change", description = "Announces that the prompt list changed")
    public String triggerPromptChange() {
        prompts.changed();
        return "prompt list change announced";
    }

    @Produces
    ToolDefinition jsonSchemaTool() {
        return ToolDefinition.builder("json_schema_2020_12_tool")
                .description("Has a JSON Schema 2020-12 input schema with $defs, composition and conditionals")
                .inputSchema(parse(JSON_SCHEMA_2020_12))
                .handler((args, ctx) -> "received " + args.json())
                .build();
    }

    @Produces
    ToolDefinition headerTool() {
        return ToolDefinition.builder("test_x_mcp_header")
                .description("Mirrors the region argument into the Mcp-Param-Region header")
                .inputSchema(parse("""
                        {"type":"object","properties":{
                          "region":{"type":"string","description":"mirrored into Mcp-Param-Region","x-mcp-header":"Region"},
                          "level":{"type":"integer","description":"not mirrored"}}}
                        """))
                .handler((args, ctx) -> "region=" + args.string("region").orElse("(none)"))
                .build();
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
