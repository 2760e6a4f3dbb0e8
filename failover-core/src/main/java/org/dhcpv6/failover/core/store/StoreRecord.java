package org.dhcpv6.failover.core.store;

import java.util.Objects;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;

/** One record of a journal or snapshot file, as {@link RecordCodec} reads and writes it. */
sealed interface StoreRecord permits StoreRecord.BindingPut, StoreRecord.EndpointSave, StoreRecord.SnapshotEnd {

    /** A binding was stored, replacing any earlier binding of its resource. */
    record BindingPut(Binding binding) implements StoreRecord {
        public BindingPut {
            Objects.requireNonNull(binding, "binding");
        }
    }

    /** The endpoint record was saved, replacing the earlier one. */
    record EndpointSave(EndpointRecord endpoint) implements StoreRecord {
        public EndpointSave {
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /**
     * The last record of a complete snapshot; a snapshot without it was cut short.
     *
     * @param bindingCount how many binding records precede it, checked on load
     */
    record SnapshotEnd(long bindingCount) implements StoreRecord {
    }
}
