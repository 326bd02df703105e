package dev.spindle.api.config;

/**
 * A setting's value breaks its rule (or is not one of the values it takes). The message is one
 * line naming the setting, the value and the rule. A job started with one cannot run, however
 * often it is retried: the ApplicationMaster ends it FAILED, and the commands exit with bad usage.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
