package dev.jakartamcp.ops;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceContextTest {
    @Test
    void readsAW3CTraceparent() {
        TraceContext c = TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", c.traceId());
        assertEquals("00f067aa0ba902b7", c.parentId());
        assertTrue(c.sampled());
        assertFalse(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").orElseThrow().sampled());
    }

    @Test
    void laterVersionsAreReadByTheirFirstFields() {
        assertTrue(TraceContext.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future").isPresent());
    }

    @Test
    void refusesWhatTheRecommendationRefuses() {
        for (String bad : new String[]{null, "", "garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" + "-x".repeat(300)}) {
            assertFalse(TraceContext.parse(bad).isPresent(), String.valueOf(bad));
        }
    }

    @Test
    void newTraceIdsAreW3CTraceIds() {
        String id = TraceContext.newTraceId();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertNotEquals(id, TraceContext.newTraceId());
    }
}
