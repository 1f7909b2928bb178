package dev.jakartamcp.tasks;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The states of a task and the moves between them: {@code working} and {@code input_required} go back and forth
 * and on to one of the terminal states {@code completed}, {@code failed} and {@code cancelled}, which never change.
 */
public enum TaskStatus {
    WORKING("working"),
    INPUT_REQUIRED("input_required"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wire;

    TaskStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Whether a task in this state may move to {@code next} (staying in the same state is no move). */
    public boolean canMoveTo(TaskStatus next) {
        return !isTerminal() && next != this && successors().contains(next);
    }

    private Set<TaskStatus> successors() {
        return switch (this) {
            case WORKING -> EnumSet.of(INPUT_REQUIRED, COMPLETED, FAILED, CANCELLED);
            case INPUT_REQUIRED -> EnumSet.of(WORKING, COMPLETED, FAILED, CANCELLED);
            default -> EnumSet.noneOf(TaskStatus.class);
        };
    }

    public static Optional<TaskStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
    }
}
