package dev.jakartamcp.protocol;

/** Caller-supplied text kept to a readable, bounded length wherever it is echoed: messages, logs, audit, spans. */
public final class Texts {
    private Texts() {
    }

    /**
     * {@code value} when it has at most {@code max} characters, else its start followed by "…", {@code max} characters
     * in all; a surrogate pair is never split, so the cut text stays valid UTF-16. {@code null} stays {@code null}.
     */
    public static String cut(String value, int max) {
        if (max < 2) {
            throw new IllegalArgumentException("max " + max + " < 2");
        }
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "…";
    }
}
