package dev.jakartamcp.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The work one {@link SchemaValidator#validate} call may still do (see {@link SchemaLimits}), shared
 * by the evaluation and all its probes. Running out is remembered, so that the result can be made
 * to fail even when it happened inside a keyword that tolerates failing subschemas ({@code not}).
 */
final class Budget {

    static final String REGEX_MESSAGE = "could not be checked within the pattern evaluation budget";
    static final String EVALUATION_MESSAGE = "could not be checked within the schema evaluation budget";

    private final SchemaLimits limits;
    private long regexStepsLeft;
    private long evaluationStepsLeft;
    private SchemaViolation unchecked;
    private boolean spent;

    Budget(SchemaLimits limits) {
        this.limits = limits;
        this.regexStepsLeft = limits.maxRegexSteps();
        this.evaluationStepsLeft = limits.maxEvaluationSteps();
    }

    /** Characters read by regular expressions so far: the work a hostile pattern made, which never exceeds the limit. */
    long regexStepsTaken() {
        return limits.maxRegexSteps() - regexStepsLeft;
    }

    /** Evaluation steps taken so far (all of them once the budget ran out). */
    long evaluationStepsTaken() {
        return limits.maxEvaluationSteps() - evaluationStepsLeft;
    }

    /** {@code value} as seen by a regular expression: every character read costs a step. */
    CharSequence text(String value) {
        return new CountedText(value);
    }

    /** Takes {@code steps} evaluation steps; false (and nothing taken) when there are not that many left. */
    boolean spend(long steps) {
        if (evaluationStepsLeft < steps) {
            evaluationStepsLeft = 0;
            spent = true;
            return false;
        }
        evaluationStepsLeft -= steps;
        return true;
    }

    /**
     * Whether a budget ran out: the validation fails whatever else it finds, so nothing more is worth evaluating (each
     * value after it would only add to the time, however cheap its own step).
     */
    boolean spent() {
        return spent;
    }

    /** Whether a value that could not be checked is remembered already. */
    boolean hasUnchecked() {
        return unchecked != null;
    }

    /** Remembers the first value that could not be checked. */
    void unchecked(SchemaViolation violation) {
        if (unchecked == null) {
            unchecked = violation;
        }
    }

    /**
     * The violations, with the first value that could not be checked added when it is missing (it
     * may have happened in a probe, e.g. under {@code not}, whose failure let the instance pass),
     * unless there are {@code max} violations already.
     */
    List<SchemaViolation> failClosed(List<SchemaViolation> violations, int max) {
        if (unchecked == null || violations.contains(unchecked) || violations.size() >= max) {
            return violations;
        }
        List<SchemaViolation> all = new ArrayList<>(violations);
        all.add(unchecked);
        return List.copyOf(all);
    }

    /** Thrown from {@code charAt} when the regex budget is spent; no stack trace, it is caught at once. */
    static final class Exhausted extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Exhausted() {
            super(REGEX_MESSAGE, null, false, false);
        }
    }

    /**
     * A string that counts the characters read. {@link java.util.regex.Matcher} reads its input
     * only through {@code charAt} (and {@code length}), so the count bounds the backtracking.
     */
    private final class CountedText implements CharSequence {

        private final String value;

        CountedText(String value) {
            this.value = value;
        }

        @Override
        public char charAt(int index) {
            if (--regexStepsLeft < 0) {
                regexStepsLeft = 0;
                spent = true;
                throw new Exhausted();
            }
            return value.charAt(index);
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return value.subSequence(start, end); // only for groups of a match already found
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
