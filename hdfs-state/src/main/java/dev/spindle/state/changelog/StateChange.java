package dev.spindle.state.changelog;

/** One entry of a state changelog: a put of {@code value} under {@code key}, or a delete when {@code value} is null. */
public record StateChange(byte[] key, byte[] value) {

    public static StateChange put(byte[] key, byte[] value) {
        return new StateChange(key, value);
    }

    public static StateChange delete(byte[] key) {
        return new StateChange(key, null);
    }

    public boolean isDelete() {
        return value == null;
    }
}
