package org.dhcpv6.failover.examples.server;

import java.util.List;
import java.util.Objects;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;

/**
 * Static configuration of {@link DhcpServerCore}: what it offers, not who gets what.
 *
 * @param lifetimes the lifetimes asked of the backend for every lease
 * @param setRenewTimes whether IA T1/T2 are set to 0.5 and 0.8 of the shortest preferred
 *     lifetime (RFC 8415 §21.4 recommends these); if not, T1 = T2 = 0 and the client chooses
 * @param allowRapidCommit whether a SOLICIT with Rapid Commit is answered with a committing REPLY
 *     (RFC 8415 §18.3.1)
 * @param preference the Preference option value in ADVERTISE (RFC 8415 §21.8), 0 to omit it
 * @param dnsServers sent in OPTION_DNS_SERVERS when the client's ORO asks for it
 * @param onLinkPrefixes the prefixes of the links this server serves: CONFIRM answers NotOnLink
 *     for addresses outside them (RFC 8415 §18.3.3)
 */
public record ServerPolicy(Lifetimes lifetimes, boolean setRenewTimes, boolean allowRapidCommit, int preference,
        List<Ipv6Address> dnsServers, List<Ipv6Prefix> onLinkPrefixes) {

    /** Checks ranges and copies the lists. */
    public ServerPolicy {
        Objects.requireNonNull(lifetimes, "lifetimes");
        if (lifetimes.validSeconds() == 0) {
            throw new IllegalArgumentException("lifetimes must not be zero: " + lifetimes);
        }
        if (preference < 0 || preference > 255) {
            throw new IllegalArgumentException("preference must be 0..255: " + preference);
        }
        dnsServers = List.copyOf(dnsServers);
        onLinkPrefixes = List.copyOf(onLinkPrefixes);
    }

    /** A builder starting from 1 hour preferred, 2 hours valid, T1/T2 set, no rapid commit. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ServerPolicy}; each setter checks its argument. */
    public static final class Builder {
        private Lifetimes lifetimes = new Lifetimes(3600, 7200);
        private boolean setRenewTimes = true;
        private boolean allowRapidCommit;
        private int preference;
        private List<Ipv6Address> dnsServers = List.of();
        private List<Ipv6Prefix> onLinkPrefixes = List.of();

        private Builder() {
        }

        /** Lifetimes asked for every lease. */
        public Builder lifetimes(Lifetimes value) {
            lifetimes = Objects.requireNonNull(value, "lifetimes");
            return this;
        }

        /** Whether T1/T2 are set to 0.5/0.8 of the preferred lifetime. */
        public Builder setRenewTimes(boolean value) {
            setRenewTimes = value;
            return this;
        }

        /** Whether Rapid Commit is honoured. */
        public Builder allowRapidCommit(boolean value) {
            allowRapidCommit = value;
            return this;
        }

        /** Preference option value, 0 to omit. */
        public Builder preference(int value) {
            preference = value;
            return this;
        }

        /** DNS servers to hand out. */
        public Builder dnsServers(List<Ipv6Address> value) {
            dnsServers = List.copyOf(value);
            return this;
        }

        /** Prefixes considered on-link for CONFIRM. */
        public Builder onLinkPrefixes(List<Ipv6Prefix> value) {
            onLinkPrefixes = List.copyOf(value);
            return this;
        }

        /** The policy. */
        public ServerPolicy build() {
            return new ServerPolicy(lifetimes, setRenewTimes, allowRapidCommit, preference, dnsServers,
                    onLinkPrefixes);
        }
    }
}
