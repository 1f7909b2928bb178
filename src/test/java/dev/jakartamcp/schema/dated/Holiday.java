package dev.jakartamcp.schema.dated;

import java.time.LocalDate;

/** Described as {@code format: date}, though its package has {@code @JsonbDateFormat}. */
public class Holiday {
    public LocalDate day;
}
