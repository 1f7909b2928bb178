package dev.jakartamcp.api;

import java.util.List;

public record PromptResult(String description, List<PromptMessage> messages) {
    public PromptResult {
        messages = List.copyOf(messages);
    }
}
