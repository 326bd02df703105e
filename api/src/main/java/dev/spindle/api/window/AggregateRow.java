package dev.spindle.api.window;

import java.math.BigDecimal;
import java.util.List;

/**
 * The results of {@link Aggregates#combine combined} aggregates, one per name, in the order they
 * were given.
 */
public record AggregateRow(List<String> names, List<Object> values) {
    public AggregateRow {
        names = List.copyOf(names);
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values)); // results may be null
    }

    /** The result named {@code name}. */
    public Object get(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no aggregate named '" + name + "' in " + names);
        }
        return values.get(index);
    }

    public long getLong(String name) {
        return (Long) get(name);
    }

    public BigDecimal getDecimal(String name) {
        return (BigDecimal) get(name);
    }

    public String getString(String name) {
        return (String) get(name);
    }
}
