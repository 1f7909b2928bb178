package dev.jakartamcp.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The MCP revisions this server speaks. Legacy revisions use the initialize handshake and sessions; modern ones are stateless. */
public enum ProtocolRevision {
    V2025_03_26("2025-03-26", false),
    V2025_06_18("2025-06-18", false),
    V2025_11_25("2025-11-25", false),
    V2026_07_28("2026-07-28", true);

    public static final ProtocolRevision LATEST_LEGACY = V2025_11_25;
    public static final ProtocolRevision LATEST = V2026_07_28;

    private final String wire;
    private final boolean modern;

    ProtocolRevision(String wire, boolean modern) {
        this.wire = wire;
        this.modern = modern;
    }

    public String wire() {
        return wire;
    }

    public boolean isModern() {
        return modern;
    }

    public boolean atLeast(ProtocolRevision other) {
        return compareTo(other) >= 0;
    }

    public static Optional<ProtocolRevision> fromWire(String value) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst();
    }

    /** Whether {@code value} (an {@code MCP-Protocol-Version} header, possibly null) names a modern revision. */
    public static boolean namesModern(String value) {
        return value != null && fromWire(value).map(ProtocolRevision::isModern).orElse(false);
    }

    /** Newest first, as listed in UnsupportedProtocolVersion errors and server/discover. */
    public static List<String> supportedWire() {
        return Arrays.stream(values()).map(ProtocolRevision::wire).sorted((a, b) -> b.compareTo(a)).toList();
    }
}
