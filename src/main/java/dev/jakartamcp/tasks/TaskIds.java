package dev.jakartamcp.tasks;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Task ids: 256 bits from a {@link SecureRandom}, base64url without padding (43 characters). With authorization off
 * the id is all that protects a task, so it must not be guessable; with authorization on a task is also bound to
 * its creator.
 */
public final class TaskIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

    private TaskIds() {
    }

    public static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code id} has the form of an id this server makes; anything else is unknown without a lookup. */
    public static boolean wellFormed(String id) {
        return id != null && FORM.matcher(id).matches();
    }
}
