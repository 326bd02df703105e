package dev.spindle.runtime.shuffle;

/**
 * Which task of the next stage a key goes to: {@code floorMod(murmur3_32(key bytes), n)}, key
 * bytes as {@link dev.spindle.api.KeyBytes} writes them, seed 0. Part of the checkpoint format:
 * keyed state after a shuffle is partitioned by it, so it never changes.
 */
public final class KeyPartitioner {
    private KeyPartitioner() {}

    public static int partition(byte[] key, int partitions) {
        return Math.floorMod(murmur3(key), partitions);
    }

    /** MurmurHash3's x86 32-bit variant (Austin Appleby, public domain), seed 0. */
    static int murmur3(byte[] data) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16
                    | (data[4 * i + 3] & 0xff) << 24;
            h ^= mixK(k, c1, c2);
            h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int k = 0;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[tail] & 0xff;
                h ^= mixK(k, c1, c2);
                break;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static int mixK(int k, int c1, int c2) {
        k *= c1;
        k = Integer.rotateLeft(k, 15);
        return k * c2;
    }
}
