package dev.jakartamcp.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PromptDefinitionTest {
    private static final PromptDefinition.Renderer RENDERER = (arguments, context) -> "text";

    @Test
    void anArgumentNameDeclaredTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PromptDefinition("summary", null, null,
                List.of(new PromptDefinition.Argument("topic", "a", true), new PromptDefinition.Argument("topic", "b", false)), null, RENDERER));
        assertEquals("prompt summary: argument 'topic' is declared twice", e.getMessage());
    }

    @Test
    void anArgumentWithoutANameIsRefused() {
        for (String name : new String[] {null, " "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PromptDefinition("summary", null, null,
                    List.of(new PromptDefinition.Argument(name, "a", true)), null, RENDERER));
            assertEquals("prompt summary: an argument needs a name", e.getMessage());
        }
    }

    @Test
    void distinctArgumentsAreKeptInOrder() {
        PromptDefinition prompt = new PromptDefinition("summary", null, null,
                List.of(new PromptDefinition.Argument("topic", "a", true), new PromptDefinition.Argument("length", "b", false)), null, RENDERER);
        assertEquals(List.of("topic", "length"), prompt.arguments().stream().map(PromptDefinition.Argument::name).toList());
    }
}
