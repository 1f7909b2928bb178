/** A package whose dates JSON-B would write as 31.12.2024: refused by {@code JsonbCustomisationsTest}. */
@JsonbDateFormat("dd.MM.yyyy")
package dev.jakartamcp.schema.dated;

import jakarta.json.bind.annotation.JsonbDateFormat;
