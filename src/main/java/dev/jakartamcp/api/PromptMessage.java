package dev.jakartamcp.api;

public record PromptMessage(Role role, Content content) {
    public static PromptMessage user(String text) {
        return new PromptMessage(Role.USER, new TextContent(text));
    }

    public static PromptMessage assistant(String text) {
        return new PromptMessage(Role.ASSISTANT, new TextContent(text));
    }
}
