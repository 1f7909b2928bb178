package dev.jakartamcp.api;

/** The contents of a resource: text or a base64 blob. */
public sealed interface ResourceContents permits ResourceContents.Text, ResourceContents.Blob {
    String uri();

    String mimeType();

    record Text(String uri, String mimeType, String text) implements ResourceContents {
    }

    /** @param blob base64-encoded bytes */
    record Blob(String uri, String mimeType, String blob) implements ResourceContents {
    }

    static ResourceContents text(String uri, String mimeType, String text) {
        return new Text(uri, mimeType, text);
    }

    static ResourceContents blob(String uri, String mimeType, byte[] bytes) {
        return new Blob(uri, mimeType, java.util.Base64.getEncoder().encodeToString(bytes));
    }
}
