package dev.spindle.api.window;

import dev.spindle.api.Aggregate;
import dev.spindle.api.MergeableAggregate;
import java.util.ArrayList;
import java.util.List;

/**
 * Several aggregates over the same values, kept in one state entry: each part's accumulator in
 * order, encoded one after the other with their lengths. Mergeable (for session windows) when
 * every part is.
 */
class CombinedAggregate<T> implements Aggregate<T, Object[], AggregateRow> {
    private final List<String> names = new ArrayList<>();
    private final List<Aggregate<? super T, Object, Object>> parts = new ArrayList<>();

    @SuppressWarnings("unchecked")
    CombinedAggregate(List<Aggregates.Named<T>> named) {
        if (named.isEmpty()) {
            throw new IllegalArgumentException("combine needs at least one aggregate");
        }
        for (Aggregates.Named<T> part : named) {
            if (names.contains(part.name())) {
                throw new IllegalArgumentException("two aggregates are named '" + part.name() + "'");
            }
            names.add(part.name());
            parts.add((Aggregate<? super T, Object, Object>) part.aggregate());
        }
    }

    /** The combination of {@code named}: mergeable when every part is. */
    static <T> Aggregate<T, Object[], AggregateRow> of(List<Aggregates.Named<T>> named) {
        boolean mergeable = named.stream().allMatch(part -> part.aggregate() instanceof MergeableAggregate);
        return mergeable ? new Mergeable<>(named) : new CombinedAggregate<>(named);
    }

    @Override
    public Object[] zero() {
        Object[] accumulators = new Object[parts.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = parts.get(i).zero();
        }
        return accumulators;
    }

    @Override
    public Object[] add(Object[] accumulators, T value) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = parts.get(i).add(accumulators[i], value);
        }
        return accumulators;
    }

    @Override
    public AggregateRow result(Object[] accumulators) {
        List<Object> results = new ArrayList<>(accumulators.length);
        for (int i = 0; i < accumulators.length; i++) {
            results.add(parts.get(i).result(accumulators[i]));
        }
        return new AggregateRow(names, results);
    }

    @Override
    public byte[] encode(Object[] accumulators) {
        Bytes.Writer out = new Bytes.Writer();
        for (int i = 0; i < accumulators.length; i++) {
            out.putBytes(parts.get(i).encode(accumulators[i]));
        }
        return out.toByteArray();
    }

    @Override
    public Object[] decode(byte[] bytes) {
        Bytes.Reader in = new Bytes.Reader(bytes);
        Object[] accumulators = new Object[parts.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = parts.get(i).decode(in.getBytes());
        }
        return accumulators;
    }

    private static final class Mergeable<T> extends CombinedAggregate<T>
            implements MergeableAggregate<T, Object[], AggregateRow> {
        Mergeable(List<Aggregates.Named<T>> named) {
            super(named);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object[] merge(Object[] first, Object[] second) {
            for (int i = 0; i < first.length; i++) {
                first[i] = ((MergeableAggregate<? super T, Object, Object>) partAt(i)).merge(first[i], second[i]);
            }
            return first;
        }
    }

    Aggregate<? super T, Object, Object> partAt(int index) {
        return parts.get(index);
    }
}
