package dev.jakartamcp.beans;

import dev.jakartamcp.api.AudioContent;
import dev.jakartamcp.api.Content;
import dev.jakartamcp.api.EmbeddedResource;
import dev.jakartamcp.api.ImageContent;
import dev.jakartamcp.api.ResourceContents;
import dev.jakartamcp.api.ResourceLink;
import dev.jakartamcp.api.TextContent;
import dev.jakartamcp.protocol.JsonFactory;
import dev.jakartamcp.protocol.ProtocolRevision;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The wire form of content and resource contents. */
public final class ContentJson {
    private ContentJson() {
    }

    public static JsonObject of(Content content) {
        return content == null ? JsonFactory.createObjectBuilder().add("type", "text").add("text", "").build() : build(content);
    }

    /**
     * As {@link #of(Content)}, for a client speaking {@code revision}: a resource link, which 2025-03-26 has no content
     * type for (its clients refuse a result holding one), goes to such a client as text naming the resource.
     */
    public static JsonObject of(Content content, ProtocolRevision revision) {
        if (content instanceof ResourceLink l && !revision.atLeast(ProtocolRevision.V2025_06_18)) {
            String name = l.name() == null || l.name().isEmpty() ? "" : l.name() + ": ";
            String description = l.description() == null || l.description().isEmpty() ? "" : " (" + l.description() + ")";
            return of(new TextContent("Resource " + name + l.uri() + description));
        }
        return of(content);
    }

    private static JsonObject build(Content content) {
        if (content instanceof TextContent t) {
            return JsonFactory.createObjectBuilder().add("type", "text").add("text", nullToEmpty(t.text())).build();
        }
        if (content instanceof ImageContent i) {
            return JsonFactory.createObjectBuilder().add("type", "image").add("data", nullToEmpty(i.data())).add("mimeType", nullToEmpty(i.mimeType())).build();
        }
        if (content instanceof AudioContent a) {
            return JsonFactory.createObjectBuilder().add("type", "audio").add("data", nullToEmpty(a.data())).add("mimeType", nullToEmpty(a.mimeType())).build();
        }
        if (content instanceof ResourceLink l) {
            JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("type", "resource_link").add("uri", l.uri()).add("name", nullToEmpty(l.name()));
            if (l.description() != null) {
                b.add("description", l.description());
            }
            if (l.mimeType() != null) {
                b.add("mimeType", l.mimeType());
            }
            return b.build();
        }
        EmbeddedResource r = (EmbeddedResource) content;
        return JsonFactory.createObjectBuilder().add("type", "resource").add("resource", of(r.resource())).build();
    }

    public static JsonObject of(ResourceContents contents) {
        JsonObjectBuilder b = JsonFactory.createObjectBuilder().add("uri", contents.uri());
        if (contents.mimeType() != null && !contents.mimeType().isEmpty()) {
            // empty is "not known", as in a resource's own descriptor: no MIME type at all, not an invalid one
            b.add("mimeType", contents.mimeType());
        }
        if (contents instanceof ResourceContents.Text t) {
            b.add("text", nullToEmpty(t.text()));
        } else if (contents instanceof ResourceContents.Blob bl) {
            b.add("blob", nullToEmpty(bl.blob()));
        }
        return b.build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
