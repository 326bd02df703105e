package com.example.pagecounts;

import dev.spindle.api.Codec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** A click, as far as this job cares: which page, and when (milliseconds since the epoch). */
record PageView(String url, long ts) {
    /** How a page view crosses the shuffle. */
    static final Codec<PageView> CODEC = new Codec<>() {
        @Override
        public void write(PageView view, DataOutput out) throws IOException {
            out.writeUTF(view.url());
            out.writeLong(view.ts());
        }

        @Override
        public PageView read(DataInput in) throws IOException {
            return new PageView(in.readUTF(), in.readLong());
        }
    };
}
