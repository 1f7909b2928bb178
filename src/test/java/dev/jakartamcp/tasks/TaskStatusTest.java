package dev.jakartamcp.tasks;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskStatusTest {

    @Test
    void workingAndInputRequiredGoBackAndForthAndOnToEveryTerminalState() {
        assertTrue(TaskStatus.WORKING.canMoveTo(TaskStatus.INPUT_REQUIRED));
        assertTrue(TaskStatus.INPUT_REQUIRED.canMoveTo(TaskStatus.WORKING));
        for (TaskStatus terminal : EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED)) {
            assertTrue(TaskStatus.WORKING.canMoveTo(terminal), "working -> " + terminal);
            assertTrue(TaskStatus.INPUT_REQUIRED.canMoveTo(terminal), "input_required -> " + terminal);
            assertTrue(terminal.isTerminal());
        }
    }

    @Test
    void terminalStatesNeverMove() {
        for (TaskStatus terminal : EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED)) {
            for (TaskStatus next : TaskStatus.values()) {
                assertFalse(terminal.canMoveTo(next), terminal + " -> " + next);
            }
        }
        assertFalse(TaskStatus.WORKING.canMoveTo(TaskStatus.WORKING), "staying is no move");
    }

    @Test
    void wireNamesAreTheSpecs() {
        assertEquals("input_required", TaskStatus.INPUT_REQUIRED.wire());
        assertEquals(TaskStatus.CANCELLED, TaskStatus.fromWire("cancelled").orElseThrow());
        assertTrue(TaskStatus.fromWire("CANCELLED").isEmpty());
    }
}
