package org.dhcpv6.failover.core.internal.engine;

import org.dhcpv6.failover.api.EndpointRecord;
import org.dhcpv6.failover.api.LeaseStoreException;

/** Where the endpoint record goes: the store, after the binding writes that came before it. */
interface RecordWriter {

    void save(EndpointRecord record) throws LeaseStoreException;

    /** Reads from the store, to learn whether it answers. */
    void check() throws LeaseStoreException;
}
