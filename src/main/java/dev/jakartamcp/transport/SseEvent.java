package dev.jakartamcp.transport;

/** One server-sent event. {@code id} is null for events that cannot be resumed. */
record SseEvent(String id, String data) {

    /**
     * The bytes of its data as written (UTF-8), counted without encoding it: a character below U+0080 is one byte, below
     * U+0800 two, a surrogate pair four, any other three; a lone surrogate one, as the encoder writes it ('?').
     */
    long dataBytes() {
        long bytes = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < data.length() && Character.isLowSurrogate(data.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    String wire() {
        StringBuilder b = new StringBuilder(data.length() + 48);
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        b.append("event: message\n");
        b.append("data: ").append(data).append("\n\n");
        return b.toString();
    }
}
