package org.dhcpv6.failover.examples.hostsrv;

import java.time.Duration;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.api.ServerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what an operator of the example server wants to see in the log: state changes and the
 * partner coming and going at INFO, refusals and conflicts at WARN. Binding changes are
 * frequent, so they go to DEBUG.
 */
public final class LoggingListener implements FailoverListener {

    /** RFC 8156 status OutdatedBindingInformation. */
    private static final int OUTDATED_BINDING_INFORMATION = 19;

    private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);

    /** Logs the transition at INFO. */
    @Override
    public void stateChanged(String relationship, ServerState from, ServerState to) {
        LOG.info("{}: state {} -> {}", relationship, from.rfcName(), to.rfcName());
    }

    /** Logs at INFO. */
    @Override
    public void communicationsUp(String relationship) {
        LOG.info("{}: partner connected", relationship);
    }

    /** Logs at INFO with the reason. */
    @Override
    public void communicationsDown(String relationship, String reason) {
        LOG.info("{}: partner connection lost: {}", relationship, reason);
    }

    /** Logs at WARN: the two servers disagree on configuration or time. */
    @Override
    public void connectRejected(String relationship, int statusCode, String text) {
        LOG.warn("{}: partner rejected CONNECT with status {}: {}", relationship, statusCode, text);
    }

    /** Logs at INFO. */
    @Override
    public void skewChanged(String relationship, Duration partnerMinusLocal) {
        LOG.info("{}: partner clock minus ours is now {} ms", relationship, partnerMinusLocal.toMillis());
    }

    /** Logs at DEBUG. */
    @Override
    public void bindingChanged(String relationship, org.dhcpv6.failover.api.Binding binding) {
        LOG.debug("{}: {} is {}", relationship, binding.resource(), binding.status().rfcName());
    }

    /** Logs at WARN; a refusal as outdated (19), routine after restarts, at DEBUG. */
    @Override
    public void bindingConflict(String relationship, Resource resource, int statusCode, String text) {
        if (statusCode == OUTDATED_BINDING_INFORMATION) {
            // Routine after a restart: each side refuses the other's older copies until the newer
            // ones cross (RFC 8156 §7.5.4); hundreds at once would drown the log at WARN.
            LOG.debug("{}: binding update for {} refused as outdated: {}", relationship, resource, text);
            return;
        }
        LOG.warn("{}: binding update for {} rejected with status {}: {}", relationship, resource, statusCode, text);
    }

    /** Logs at WARN: clients will be refused until something is freed. */
    @Override
    public void poolExhausted(String relationship, String pool) {
        LOG.warn("{}: pool {} has nothing free for this server", relationship, pool);
    }

    /** Logs at WARN when the store fails, at INFO when it works again. */
    @Override
    public void storeAvailabilityChanged(String relationship, boolean available) {
        if (available) {
            LOG.info("{}: lease store works again; serving clients", relationship);
        } else {
            LOG.warn("{}: lease store unavailable; not serving clients, the partner takes over", relationship);
        }
    }
}
