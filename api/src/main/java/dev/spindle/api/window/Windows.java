package dev.spindle.api.window;

/**
 * How values of one key are grouped in event time: {@link FixedWindows} (tumbling, sliding), whose
 * bounds follow from a timestamp alone, or {@link SessionWindows}, whose bounds follow from the
 * key's other values.
 */
public sealed interface Windows permits FixedWindows, SessionWindows {
    /** How the checkpoint's topology names these windows: other windows are another job. */
    String topology();
}
