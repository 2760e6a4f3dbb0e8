package org.dhcpv6.failover.core.store;

import java.util.Objects;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.EndpointRecord;

/** One record of a journal or snapshot file, as {@link RecordCodec} reads and writes it. */
sealed interface StoreRecord
        permits StoreRecord.BindingPut, StoreRecord.EndpointSave, StoreRecord.SnapshotEnd, StoreRecord.StoreHeader {

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

    /**
     * The first record of every snapshot and journal: which store wrote the file and in which
     * generation, so a journal that does not follow its snapshot is caught on open (decision record
     * docs/decisions/0001-store-generations.md).
     *
     * @param storeId random, chosen when the store was created; the same in all its files
     * @param generation a snapshot of generation N is followed by the journal of generation N; each
     *     compaction adds one; a journal of generation 0 has no snapshot before it
     * @param absorbedJournalBytes in a snapshot: the size of the journal (generation N-1) it took
     *     over, so a crash before that journal was replaced can be told from a swapped journal;
     *     0 in a journal
     * @param absorbedLegacySnapshot in a journal of generation 0: it was written by the upgrade from a
     *     store of the previous format and holds everything that store's snapshot held
     */
    record StoreHeader(long storeId, long generation, long absorbedJournalBytes, boolean absorbedLegacySnapshot)
            implements StoreRecord {
        public StoreHeader {
            if (generation < 0 || absorbedJournalBytes < 0) {
                throw new IllegalArgumentException("negative generation or size: " + generation + ", "
                        + absorbedJournalBytes);
            }
        }

        /** The header of the snapshot a compaction of this generation's journal of {@code bytes} writes. */
        StoreHeader nextSnapshot(long journalBytes) {
            return new StoreHeader(storeId, generation + 1, journalBytes, false);
        }

        /** The header of the journal that follows this snapshot header. */
        StoreHeader journalAfter() {
            return new StoreHeader(storeId, generation, 0, false);
        }

        /** The store id as the error messages show it. */
        String id() {
            return String.format("%016x", storeId);
        }
    }
}
