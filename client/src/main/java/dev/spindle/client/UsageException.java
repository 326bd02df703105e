package dev.spindle.client;

/** Bad command-line usage; the message is the one line the user sees. */
public class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
