package dev.spindle.examples.clickstream.json;

/**
 * The input is not one strict JSON object in valid UTF-8. Thrown per malformed record, so it
 * carries no stack trace: the position and the message are all a caller needs.
 */
public final class JsonSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    /**
     * @param message what was expected or found
     * @param position where: a byte offset for UTF-8 errors, a char offset for grammar errors
     */
    public JsonSyntaxException(String message, int position) {
        super(message + " at " + position, null, false, false);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
