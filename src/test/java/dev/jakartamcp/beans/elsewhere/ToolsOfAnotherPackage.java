package dev.jakartamcp.beans.elsewhere;

import dev.jakartamcp.api.Tool;

/** A superclass in another package than the bean class that extends it: its package-private method is not the bean's to forward. */
public abstract class ToolsOfAnotherPackage {
    @Tool
    String count() {
        return "counted";
    }
}
