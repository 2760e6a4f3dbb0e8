package org.dhcpv6.failover.api;

/**
 * Something a server leases to a client: one IPv6 address or one delegated prefix. Bindings are
 * keyed by resource (RFC 8156 §7.3: the lease database is indexed by address or prefix).
 */
public sealed interface Resource permits Ipv6Address, Ipv6Prefix {

    /** Which kind of resource this is, for exhaustive switches. */
    enum Kind {
        /** A single address (IA_NA, IA_TA); allocated independently (RFC 8156 §4.2.1). */
        ADDRESS,
        /** A delegated prefix (IA_PD); allocated proportionally (RFC 8156 §4.2.2). */
        PREFIX
    }

    /** The kind of this resource. */
    Kind kind();
}
