package dev.spindle.examples.clickstream.reference;

/** The offsets {@code [start, end)} a batch read from one partition; empty when {@code start == end}. */
public record OffsetRange(int partition, long start, long end) {
    public long count() {
        return end - start;
    }
}
