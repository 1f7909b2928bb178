package dev.jakartamcp.tools;

import dev.jakartamcp.api.Arg;
import dev.jakartamcp.api.PromptDefinition;
import dev.jakartamcp.api.ToolDefinition;
import dev.jakartamcp.beans.DefinedArg;
import dev.jakartamcp.prompts.PromptRegistry;
import dev.jakartamcp.schema.SchemaProperty;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which arguments an item marks secret: from a tool's input schema, from a prompt's arguments. */
class SecretArgumentsTest {

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    @Test
    void aToolsSecretsAreItsWriteOnlyPropertiesAtAnyDepth() {
        assertEquals(Set.of("pin", "apikey", "deep", "indef", "initem"), RegisteredTool.secretArguments(json("{'type':'object','properties':{"
                + "'user':{'type':'string'},'PIN':{'type':'string','writeOnly':true},'apiKey':{'writeOnly':true},"
                + "'shown':{'writeOnly':false},'odd':{'writeOnly':'true'},'nested':{'type':'object','properties':{'deep':{'writeOnly':true}}},"
                + "'list':{'type':'array','items':{'$ref':'#/$defs/Item'}},'choice':{'anyOf':[{'properties':{'inItem':{'writeOnly':true}}}]}},"
                + "'$defs':{'Item':{'type':'object','properties':{'inDef':{'writeOnly':true},'plain':{}}}}}")));
        assertEquals(Set.of(), RegisteredTool.secretArguments(json("{'type':'object'}")));
        assertEquals(Set.of(), RegisteredTool.secretArguments(json("{'type':'object','properties':true}")));
    }

    @Test
    void theMarkIsOneAnnotationWhereverItComesFrom() throws Exception {
        Arg declared = SecretArgumentsTest.class.getDeclaredMethod("signIn", String.class, String.class).getParameters()[1].getAnnotation(Arg.class);
        assertTrue(new SchemaProperty("pin", String.class, null, true, new java.lang.annotation.Annotation[] {declared}).secret());
        assertTrue(new SchemaProperty("pin", String.class, null, true, DefinedArg.annotations(true)).secret());
        assertFalse(new SchemaProperty("pin", String.class, null, true, DefinedArg.annotations(false)).secret());
        assertFalse(new SchemaProperty("user", String.class, null, true,
                SecretArgumentsTest.class.getDeclaredMethod("signIn", String.class, String.class).getParameters()[0].getAnnotations()).secret());
    }

    @Test
    void definitionsInCodeMarkSecretsToo() {
        ToolDefinition tool = ToolDefinition.builder("t").property("user", String.class, null, true)
                .secretProperty("pin", String.class, null, true).handler((args, ctx) -> "").build();
        assertEquals(List.of(false, true), tool.properties().stream().map(ToolDefinition.Property::secret).toList());
        PromptRegistry.Registered prompt = new PromptRegistry.Registered("p", JsonObject.EMPTY_JSON_OBJECT,
                List.of(new SchemaProperty("Door", String.class, null, true), new SchemaProperty("PassPhrase", String.class, null, true, DefinedArg.annotations(true))),
                null, "test", (args, ctx) -> "");
        assertEquals(Set.of("passphrase"), prompt.secretArguments());
        assertFalse(new PromptDefinition.Argument("door", null, true).secret());
        assertTrue(new PromptDefinition.Argument("pin", null, true, true).secret());
    }

    @SuppressWarnings("unused")
    static String signIn(@Arg(name = "user") String user, @Arg(name = "pin", secret = true) String pin) {
        return user;
    }
}
