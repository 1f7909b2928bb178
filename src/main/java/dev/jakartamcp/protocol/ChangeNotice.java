package dev.jakartamcp.protocol;

/**
 * A CDI event a registry fires when what clients see has changed; the transport turns it into notifications
 * on open streams and subscriptions.
 */
public record ChangeNotice(Kind kind, String uri) {
    public enum Kind { TOOLS, PROMPTS, RESOURCES, RESOURCE_UPDATED }

    public static ChangeNotice listChanged(Kind kind) {
        return new ChangeNotice(kind, null);
    }

    public static ChangeNotice resourceUpdated(String uri) {
        return new ChangeNotice(Kind.RESOURCE_UPDATED, uri);
    }

    public String notificationMethod() {
        return switch (kind) {
            case TOOLS -> "notifications/tools/list_changed";
            case PROMPTS -> "notifications/prompts/list_changed";
            case RESOURCES -> "notifications/resources/list_changed";
            case RESOURCE_UPDATED -> "notifications/resources/updated";
        };
    }
}
