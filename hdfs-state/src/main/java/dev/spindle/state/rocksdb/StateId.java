package dev.spindle.state.rocksdb;

/**
 * Which committed state a task's store holds: the state after batch {@code batch} as written by
 * the accepted {@code attempt}. {@link #EMPTY} is the state before the first batch.
 */
public record StateId(long batch, String attempt) {
    public static final StateId EMPTY = new StateId(-1, "");

    @Override
    public String toString() {
        return this.equals(EMPTY) ? "empty" : batch + "/" + attempt;
    }
}
