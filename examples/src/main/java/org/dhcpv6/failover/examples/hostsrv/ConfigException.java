package org.dhcpv6.failover.examples.hostsrv;

/**
 * A server configuration that cannot be used. The message names the key and the problem, for
 * example {@code failover.mclt: 'abc' is not a duration (use e.g. 3600s, 60m, 1h)}, and is meant
 * to be shown to the operator as it is.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An exception whose message is shown to the operator unchanged. */
    public ConfigException(String message) {
        super(message);
    }

    /** The same, keeping the underlying failure for the log. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
