package dev.spindle.state.snapshot;

/** Caps a stream of bytes at a rate; zero means no cap. Used by one upload thread at a time. */
final class RateLimiter {
    private final long bytesPerSecond;
    private final long startNanos = System.nanoTime();
    private long bytes;

    RateLimiter(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Accounts for {@code count} more bytes, sleeping as long as the rate requires. */
    void acquire(int count) throws InterruptedException {
        if (bytesPerSecond <= 0) {
            return;
        }
        bytes += count;
        long dueNanos = startNanos + bytes * 1_000_000_000L / bytesPerSecond;
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
