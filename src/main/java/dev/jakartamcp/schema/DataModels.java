package dev.jakartamcp.schema;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What reading and writing need of records and of the classes JSON-B binds, worked out once per type instead of on
 * every value. The types are those the deployed methods declare and those of the properties within them (a generic
 * record or class that would grow with each level of its own recursion, {@code Tree<T>} holding a
 * {@code Tree<List<T>>}, fails the deployment), or the class of a value author code returned; what a caller sends only
 * picks among them, so the maps hold no more than the application has and cannot be grown by calls.
 */
final class DataModels {

    private final ConcurrentMap<Type, RecordModel> records = new ConcurrentHashMap<>();
    private final ConcurrentMap<Type, List<DataProperty>> classes = new ConcurrentHashMap<>();

    RecordModel record(Type type) {
        return records.computeIfAbsent(type, RecordModel::new);
    }

    /** The properties of a class JSON-B binds, or of a record, as {@link DataProperties#of} finds them. */
    List<DataProperty> properties(Type type) {
        return Types.raw(type).isRecord() ? record(type).properties : classes.computeIfAbsent(type, DataProperties::of);
    }

    /** How many types' models are kept. */
    int size() {
        return records.size() + classes.size();
    }
}
