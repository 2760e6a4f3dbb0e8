package org.dhcpv6.failover.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of one failover relationship as seen from this server (one failover
 * endpoint, RFC 8156 §6.2). Build with {@link #builder(String, Role)}; {@code build()} checks every
 * value and names the bad one. Immutable.
 *
 * @param name the relationship name (OPTION_F_RELATIONSHIP_NAME), unique per server
 * @param role this server's role
 * @param partnerAddress the partner's failover address; the primary connects to it, the
 *        secondary accepts connections from its IP address only and ignores the port
 * @param localAddress where the secondary listens (by default any address, port 647, which is
 *        privileged: see {@link Builder#localAddress}); the primary ignores it
 * @param mclt the Maximum Client Lead Time (RFC 8156 §4.4); the primary's value rules
 * @param keepalive this server's FO_KEEPALIVE_TIME (RFC 8156 §6.5), sent to the partner
 * @param maxUnackedBndupd how many unacknowledged BNDUPDs this server accepts from the partner
 * @param skewPolicy how clock skew is handled
 * @param timeSkewSamples how many recent messages the skew estimate is taken from
 * @param autoPartnerDown if present, go from COMMUNICATIONS-INTERRUPTED to PARTNER-DOWN after it
 * @param startupTime how long STARTUP waits for the partner (RFC 8156 §8.3 step 3)
 * @param connectRetry the primary's first reconnect interval; it backs off up to {@code connectRetryMax}
 * @param connectRetryMax the longest reconnect interval
 * @param startAloneIfPartnerNeverSeen whether a server that never talked to its partner may go to
 *        PARTNER-DOWN when the startup time passes (RFC 8156 §8.3.2); off by default
 * @param addressPools address ranges leased with independent allocation
 * @param prefixPools delegable prefixes with proportional allocation
 */
public record RelationshipConfig(
        String name,
        Role role,
        InetSocketAddress partnerAddress,
        InetSocketAddress localAddress,
        Duration mclt,
        Duration keepalive,
        int maxUnackedBndupd,
        SkewPolicy skewPolicy,
        int timeSkewSamples,
        Optional<Duration> autoPartnerDown,
        Duration startupTime,
        Duration connectRetry,
        Duration connectRetryMax,
        boolean startAloneIfPartnerNeverSeen,
        List<AddressPool> addressPools,
        List<PrefixPool> prefixPools) {

    /**
     * How many unacknowledged BNDUPDs a server accepts from its partner unless configured
     * otherwise. A wider window (1000, say) lets a resync's receiver store a few hundred bindings
     * per durable flush instead of a few dozen, which makes a resync over a journal store faster;
     * the default stays at the value the simulator has checked longest (see decision 0021).
     */
    public static final int DEFAULT_MAX_UNACKED_BNDUPD = 100;

    /** The IANA port for DHCPv6 failover (RFC 8156 §6.1). */
    public static final int FAILOVER_PORT = 647;

    /** Validates every value; messages name the value and the rule. */
    public RelationshipConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("relationship name must be 1..255 characters: '" + name + "'");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(partnerAddress, "partnerAddress");
        Objects.requireNonNull(localAddress, "localAddress");
        requirePositive("mclt", mclt);
        requirePositive("keepalive", keepalive);
        if (mclt.toSeconds() > 0xFFFF_FFFFL || keepalive.toSeconds() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("mclt and keepalive must fit 32-bit seconds: " + mclt + ", " + keepalive);
        }
        if (maxUnackedBndupd < 1) {
            throw new IllegalArgumentException("maxUnackedBndupd must be at least 1: " + maxUnackedBndupd);
        }
        Objects.requireNonNull(skewPolicy, "skewPolicy");
        if (timeSkewSamples < 1 || timeSkewSamples > 1000) {
            throw new IllegalArgumentException("timeSkewSamples must be 1..1000: " + timeSkewSamples);
        }
        Objects.requireNonNull(autoPartnerDown, "autoPartnerDown");
        autoPartnerDown.ifPresent(d -> requirePositive("autoPartnerDown", d));
        // Local timers are not on the wire, so they may be shorter than a second (tests, labs).
        requirePositiveInterval("startupTime", startupTime);
        requirePositiveInterval("connectRetry", connectRetry);
        requirePositiveInterval("connectRetryMax", connectRetryMax);
        if (connectRetryMax.compareTo(connectRetry) < 0) {
            throw new IllegalArgumentException("connectRetryMax " + connectRetryMax
                    + " is shorter than connectRetry " + connectRetry);
        }
        addressPools = List.copyOf(addressPools);
        prefixPools = List.copyOf(prefixPools);
        checkNoOverlap(addressPools, prefixPools);
    }

    private static void requirePositive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.toSeconds() < 1) {
            throw new IllegalArgumentException(what + " must be at least one second: " + d);
        }
    }

    private static void requirePositiveInterval(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }

    private static void checkNoOverlap(List<AddressPool> addresses, List<PrefixPool> prefixes) {
        for (int i = 0; i < addresses.size(); i++) {
            for (int j = i + 1; j < addresses.size(); j++) {
                if (addresses.get(i).overlaps(addresses.get(j))) {
                    throw new IllegalArgumentException("address pools overlap: " + addresses.get(i)
                            + " and " + addresses.get(j));
                }
            }
        }
        for (int i = 0; i < prefixes.size(); i++) {
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (prefixes.get(i).delegable().overlaps(prefixes.get(j).delegable())) {
                    throw new IllegalArgumentException("prefix pools overlap: " + prefixes.get(i)
                            + " and " + prefixes.get(j));
                }
            }
        }
        for (AddressPool a : addresses) {
            for (PrefixPool p : prefixes) {
                if (p.delegable().contains(a.first()) || p.delegable().contains(a.last())) {
                    throw new IllegalArgumentException("address pool " + a + " overlaps prefix pool " + p);
                }
            }
        }
    }

    /**
     * The relationship and this server's role as log lines and thread names show them, e.g.
     * {@code campus/primary}: two servers of one relationship in one JVM log apart.
     */
    public String label() {
        return name + "/" + role.name().toLowerCase(Locale.ROOT);
    }

    /** The MCLT in whole seconds, as sent in OPTION_F_MCLT. */
    public long mcltSeconds() {
        return mclt.toSeconds();
    }

    /** A builder with the RFC 8156 defaults: MCLT 1 h, keepalive 60 s, port 647. */
    public static Builder builder(String name, Role role) {
        return new Builder(name, role);
    }

    /** Builds a {@link RelationshipConfig}; every setter checks its argument for null. */
    public static final class Builder {
        private final String name;
        private final Role role;
        private InetSocketAddress partnerAddress;
        private InetSocketAddress localAddress;
        private Duration mclt = Duration.ofHours(1);
        private Duration keepalive = Duration.ofSeconds(60);
        private int maxUnackedBndupd = DEFAULT_MAX_UNACKED_BNDUPD;
        private SkewPolicy skewPolicy = SkewPolicy.TOLERATE;
        private int timeSkewSamples = 10;
        private Duration autoPartnerDown;
        private Duration startupTime = Duration.ofSeconds(10);
        private Duration connectRetry = Duration.ofSeconds(2);
        private Duration connectRetryMax = Duration.ofSeconds(60);
        private boolean startAloneIfPartnerNeverSeen;
        private final List<AddressPool> addressPools = new ArrayList<>();
        private final List<PrefixPool> prefixPools = new ArrayList<>();

        private Builder(String name, Role role) {
            this.name = Objects.requireNonNull(name, "name");
            this.role = Objects.requireNonNull(role, "role");
        }

        /**
         * The partner's failover address (this or {@link #partnerAddress(InetAddress)} is
         * required). The primary connects to it; the secondary uses only its IP address.
         */
        public Builder partnerAddress(InetSocketAddress address) {
            this.partnerAddress = Objects.requireNonNull(address, "partnerAddress");
            return this;
        }

        /**
         * The partner's IP address, with the failover port 647: what a secondary needs, since it
         * only checks that connections come from this address (RFC 8156 §6.1), and what a primary
         * needs when the partner listens on the standard port.
         */
        public Builder partnerAddress(InetAddress address) {
            return partnerAddress(new InetSocketAddress(Objects.requireNonNull(address, "partnerAddress"),
                    FAILOVER_PORT));
        }

        /**
         * Where this server listens when it is the secondary (default: any address, port 647, the
         * RFC 8156 port). Port 647 is below 1024, so binding it needs root or the
         * {@code CAP_NET_BIND_SERVICE} capability on Linux (for a service, systemd's
         * {@code AmbientCapabilities=CAP_NET_BIND_SERVICE}); give both partners another port
         * (here and in the primary's {@link #partnerAddress(InetSocketAddress)}) to run without it.
         */
        public Builder localAddress(InetSocketAddress address) {
            this.localAddress = Objects.requireNonNull(address, "localAddress");
            return this;
        }

        /** The Maximum Client Lead Time (default 1 hour). */
        public Builder mclt(Duration value) {
            this.mclt = Objects.requireNonNull(value, "mclt");
            return this;
        }

        /** This server's keepalive time (default 60 s). */
        public Builder keepalive(Duration value) {
            this.keepalive = Objects.requireNonNull(value, "keepalive");
            return this;
        }

        /** How many unacknowledged BNDUPDs this server accepts (default {@link #DEFAULT_MAX_UNACKED_BNDUPD}). */
        public Builder maxUnackedBndupd(int value) {
            this.maxUnackedBndupd = value;
            return this;
        }

        /** How clock skew is handled (default {@link SkewPolicy#TOLERATE}). */
        public Builder skewPolicy(SkewPolicy value) {
            this.skewPolicy = Objects.requireNonNull(value, "skewPolicy");
            return this;
        }

        /** How many messages the skew average covers (default 10). */
        public Builder timeSkewSamples(int value) {
            this.timeSkewSamples = value;
            return this;
        }

        /** Go to PARTNER-DOWN automatically this long after entering COMMUNICATIONS-INTERRUPTED. */
        public Builder autoPartnerDown(Duration value) {
            this.autoPartnerDown = Objects.requireNonNull(value, "autoPartnerDown");
            return this;
        }

        /** How long STARTUP waits for the partner (default 10 s). */
        public Builder startupTime(Duration value) {
            this.startupTime = Objects.requireNonNull(value, "startupTime");
            return this;
        }

        /** The primary's reconnect interval and its back-off ceiling (default 2 s up to 60 s). */
        public Builder connectRetry(Duration first, Duration max) {
            this.connectRetry = Objects.requireNonNull(first, "connectRetry");
            this.connectRetryMax = Objects.requireNonNull(max, "connectRetryMax");
            return this;
        }

        /** Let a server that never reached its partner go to PARTNER-DOWN after startup. */
        public Builder startAloneIfPartnerNeverSeen(boolean value) {
            this.startAloneIfPartnerNeverSeen = value;
            return this;
        }

        /** Adds an address pool. */
        public Builder addressPool(AddressPool pool) {
            addressPools.add(Objects.requireNonNull(pool, "pool"));
            return this;
        }

        /** Adds a prefix pool. */
        public Builder prefixPool(PrefixPool pool) {
            prefixPools.add(Objects.requireNonNull(pool, "pool"));
            return this;
        }

        /**
         * Checks and builds.
         *
         * @throws IllegalArgumentException naming the missing or bad value
         */
        public RelationshipConfig build() {
            if (partnerAddress == null) {
                throw new IllegalArgumentException("relationship '" + name + "': partnerAddress is required");
            }
            InetSocketAddress local = localAddress != null ? localAddress : new InetSocketAddress(FAILOVER_PORT);
            return new RelationshipConfig(name, role, partnerAddress, local, mclt, keepalive, maxUnackedBndupd,
                    skewPolicy, timeSkewSamples, Optional.ofNullable(autoPartnerDown), startupTime, connectRetry,
                    connectRetryMax, startAloneIfPartnerNeverSeen, addressPools, prefixPools);
        }
    }
}
