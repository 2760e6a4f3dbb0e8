package org.dhcpv6.failover.examples.hostsrv;

import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.AddressPool;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;

/**
 * Address ranges a DHCPv6 server must never lease or delegate from (RFC 4291 §2.4): multicast,
 * the unspecified and loopback addresses, IPv4-mapped addresses and link-local unicast (which
 * hosts form themselves). A pool touching one is a configuration error, not a pool.
 */
final class UnicastRanges {

    private record Reserved(AddressPool range, String what) {
    }

    private static final List<Reserved> RESERVED = List.of(
            new Reserved(AddressPool.of(Ipv6Prefix.parse("ff00::/8")), "multicast (ff00::/8)"),
            new Reserved(AddressPool.of(Ipv6Prefix.parse("::/127")), "the unspecified or loopback address (::, ::1)"),
            // Built from numbers: the address parser reads ::ffff:a.b.c.d as IPv4 and refuses it.
            new Reserved(new AddressPool(new Ipv6Address(0, 0xffff_0000_0000L), new Ipv6Address(0, 0xffff_ffff_ffffL)),
                    "IPv4-mapped (::ffff:0:0/96)"),
            new Reserved(AddressPool.of(Ipv6Prefix.parse("fe80::/10")), "link-local (fe80::/10)"));

    private UnicastRanges() {
    }

    /** What reserved range {@code pool} overlaps, in words, or empty if it is all leasable unicast. */
    static Optional<String> reservedOverlap(AddressPool pool) {
        return RESERVED.stream().filter(r -> r.range().overlaps(pool)).map(Reserved::what).findFirst();
    }
}
