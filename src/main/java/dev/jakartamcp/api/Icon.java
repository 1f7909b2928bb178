package dev.jakartamcp.api;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An icon a client may show for a tool, prompt, resource or resource template (2025-11-25 and later). {@code src}
 * must be an {@code https:} URL or a {@code data:image/…} URI; anything else stops the deployment with a message
 * naming the item.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Icon {
    String src();

    /** e.g. {@code image/png}; empty when the source says it. */
    String mimeType() default "";

    /** {@code WxH} sizes such as {@code 48x48}, or {@code any} for scalable formats. */
    String[] sizes() default {};

    /** {@code light} or {@code dark}: the background the icon is made for; empty for any. */
    String theme() default "";
}
