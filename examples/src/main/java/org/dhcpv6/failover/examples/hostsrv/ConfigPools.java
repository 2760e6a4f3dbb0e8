package org.dhcpv6.failover.examples.hostsrv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.PrefixPool;
import org.dhcpv6.failover.examples.server.Lifetimes;

/** Reads the pool and lease-lifetime keys of a {@link ServerConfig}. */
final class ConfigPools {

    private static final Lifetimes DEFAULT = new Lifetimes(3600, 7200);

    private ConfigPools() {
    }

    /** {@code lease.preferred} and {@code lease.valid}: durations or {@code infinite}. */
    static Lifetimes lifetimes(ConfigReader in) throws ConfigException {
        long preferred = seconds(in, "lease.preferred").orElse(DEFAULT.preferredSeconds());
        long valid = seconds(in, "lease.valid").orElse(Math.max(preferred, DEFAULT.validSeconds()));
        if (valid < 30) {
            throw new ConfigException("lease.valid: " + valid + "s is under the 30 s failover minimum (RFC 8156 §1)");
        }
        if (preferred > valid) {
            throw new ConfigException("lease.preferred: " + preferred + "s is longer than lease.valid (" + valid + "s)");
        }
        return new Lifetimes(preferred, valid);
    }

    private static Optional<Long> seconds(ConfigReader in, String key) throws ConfigException {
        Optional<String> v = in.string(key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get().equalsIgnoreCase("infinite")) {
            return Optional.of(Lifetimes.INFINITY);
        }
        Duration d = ConfigReader.parseDuration(key, v.get());
        if (d.toSeconds() >= Lifetimes.INFINITY) {
            throw new ConfigException(key + ": " + v.get() + " does not fit 32-bit seconds (use 'infinite')");
        }
        return Optional.of(d.toSeconds());
    }

    /** {@code pool.addresses}: comma-separated prefixes or first-last ranges. */
    static List<AddressPool> addressPools(ConfigReader in) throws ConfigException {
        List<AddressPool> out = new ArrayList<>();
        for (String item : items(in, "pool.addresses")) {
            AddressPool pool;
            try {
                pool = AddressPool.parse(item);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("pool.addresses: '" + item + "' is not a prefix or range "
                        + "(use e.g. 2001:db8:1::/64 or 2001:db8:1::10-2001:db8:1::ff): " + e.getMessage(), e);
            }
            refuseReserved("pool.addresses", item, pool);
            out.add(pool);
        }
        return out;
    }

    /** {@code pool.prefixes}: comma-separated {@code prefix=length} with an optional {@code ;share=0.5}. */
    static List<PrefixPool> prefixPools(ConfigReader in) throws ConfigException {
        List<PrefixPool> out = new ArrayList<>();
        for (String item : items(in, "pool.prefixes")) {
            out.add(prefixPool(item));
        }
        return out;
    }

    private static PrefixPool prefixPool(String item) throws ConfigException {
        String usage = "pool.prefixes: '" + item + "' is not prefix=length[;share=fraction] "
                + "(use e.g. 2001:db8:100::/48=56;share=0.5)";
        String[] parts = item.split(";");
        int eq = parts[0].indexOf('=');
        if (eq < 0) {
            throw new ConfigException(usage);
        }
        double share = PrefixPool.DEFAULT_SECONDARY_SHARE;
        try {
            Ipv6Prefix delegable = Ipv6Prefix.parse(parts[0].substring(0, eq).trim());
            int length = Integer.parseInt(parts[0].substring(eq + 1).trim());
            for (int i = 1; i < parts.length; i++) {
                String opt = parts[i].trim();
                if (!opt.startsWith("share=")) {
                    throw new ConfigException(usage + ": unknown option '" + opt + "'");
                }
                share = Double.parseDouble(opt.substring("share=".length()).trim());
            }
            PrefixPool pool = new PrefixPool(delegable, length, share);
            refuseReserved("pool.prefixes", item, AddressPool.of(delegable));
            return pool;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(usage + ": " + e.getMessage(), e);
        }
    }

    private static void refuseReserved(String key, String item, AddressPool pool) throws ConfigException {
        var reserved = UnicastRanges.reservedOverlap(pool);
        if (reserved.isPresent()) {
            throw new ConfigException(key + ": '" + item + "' includes " + reserved.get()
                    + " addresses, which are never leased; use global or unique-local unicast (e.g. 2001:db8:1::/64)");
        }
    }

    private static List<String> items(ConfigReader in, String key) throws ConfigException {
        Optional<String> v = in.string(key);
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s : v.get().split(",")) {
            if (s.isBlank()) {
                throw new ConfigException(key + ": empty item in '" + v.get() + "'");
            }
            out.add(s.trim());
        }
        return out;
    }

    /**
     * The standalone backend serves one address prefix and one prefix pool; anything more needs
     * failover's pools, so it is refused here rather than silently cut down.
     */
    static void checkStandalone(ConfigReader in, List<AddressPool> addresses, List<PrefixPool> prefixes)
            throws ConfigException {
        String mode = " in standalone mode (failover.enabled=false)";
        if (addresses.size() > 1) {
            throw new ConfigException("pool.addresses: only one pool is served" + mode);
        }
        if (!addresses.isEmpty() && standalonePrefix(addresses.get(0)).isEmpty()) {
            throw new ConfigException("pool.addresses: '" + in.string("pool.addresses").orElse("")
                    + "' must be one prefix such as 2001:db8:1::/64" + mode);
        }
        if (prefixes.size() > 1) {
            throw new ConfigException("pool.prefixes: only one pool is served" + mode);
        }
    }

    /**
     * The prefix that covers exactly this address range, if there is one, or whose pool it is
     * ({@link AddressPool#of} leaves out the prefix's Subnet-Router anycast address).
     */
    static Optional<Ipv6Prefix> standalonePrefix(AddressPool pool) {
        Optional<Ipv6Prefix> exact = covering(pool.first(), pool.last());
        if (exact.isPresent()) {
            return exact;
        }
        return covering(pool.first().plus(-1), pool.last()).filter(p -> AddressPool.of(p).equals(pool));
    }

    private static Optional<Ipv6Prefix> covering(Ipv6Address first, Ipv6Address last) {
        // Shorten the prefix until it reaches the range's end; stop once the first address has
        // bits beyond the length, which no shorter prefix can start at either.
        for (int len = 128; len >= 0; len--) {
            Ipv6Prefix p;
            try {
                p = new Ipv6Prefix(first, len);
            } catch (IllegalArgumentException e) {
                break;
            }
            if (p.lastAddress().equals(last)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
