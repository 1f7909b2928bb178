package dev.jakartamcp.beans;

import dev.jakartamcp.schema.ArgumentBinder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** The one JSON-B instance and argument binder the registries share (a Jsonb is costly to build and thread-safe). */
@ApplicationScoped
public class Binding {
    private Jsonb jsonb;
    private ArgumentBinder binder;

    @PostConstruct
    void init() {
        jsonb = JsonbBuilder.create(ArgumentBinder.jsonbConfig());
        binder = new ArgumentBinder(jsonb);
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing is left to release at undeployment if closing fails
        }
    }

    public ArgumentBinder binder() {
        return binder;
    }
}
