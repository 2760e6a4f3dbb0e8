package org.dhcpv6.failover.examples.server;

import org.dhcpv6.failover.api.Resource;

/** The kind of Identity Association (RFC 8415 §12), which decides the kind of resource it holds. */
public enum IaType {
    /** IA_NA: non-temporary addresses (§21.4). */
    NA(Resource.Kind.ADDRESS),
    /** IA_PD: delegated prefixes (§21.21). */
    PD(Resource.Kind.PREFIX);

    private final Resource.Kind resourceKind;

    IaType(Resource.Kind resourceKind) {
        this.resourceKind = resourceKind;
    }

    /** The kind of resource an IA of this type holds. */
    public Resource.Kind resourceKind() {
        return resourceKind;
    }
}
