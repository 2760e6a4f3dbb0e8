package org.dhcpv6.failover.core.transport;

import com.google.common.base.Preconditions;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.dhcpv6.failover.api.Transport.PeerKind;

/**
 * Decides, at accept time, whether a listener takes a connection it has not yet authenticated,
 * and keeps count of such connections until they are authenticated (TLS handshake done, first
 * whole frame read) or closed. Shared by the plain TCP and the TLS listener.
 *
 * <ul>
 *   <li>{@link PeerKind#NOT_A_PARTNER}: refused at once, before any handshake or buffering.</li>
 *   <li>{@link PeerKind#UNCHECKED}: at most {@code maxPerAddress} from one address and
 *       {@code maxUnauthenticated} in all; beyond that refused.</li>
 *   <li>{@link PeerKind#CONFIGURED_PARTNER}: a reserve the global cap does not touch, at most
 *       {@code maxPerAddress} per partner address. When that is full the oldest pending
 *       connection from the address that has shown no {@linkplain Ticket#progressed() progress}
 *       (or else the oldest) is closed to make room, so a silent peer sharing the partner's
 *       address (same host, NAT) cannot keep the real partner out: the partner's newest attempt
 *       always gets a slot, and a handshake under way outlives silent newcomers
 *       (issue 17, finding 4).</li>
 * </ul>
 *
 * <p>So unauthenticated connections never exceed {@code maxUnauthenticated} plus
 * {@code maxPerAddress} per configured partner address. Thread-safe.
 */
public final class AdmissionGate {

    private final int maxUnauthenticated;
    private final int maxPerAddress;
    private final Map<InetAddress, ArrayDeque<Ticket>> pending = new HashMap<>();
    private int uncheckedPending;
    private int partnerPending;

    /** A gate with the two caps; both at least 1. */
    public AdmissionGate(int maxUnauthenticated, int maxPerAddress) {
        Preconditions.checkArgument(maxUnauthenticated >= 1, "maxUnauthenticated must be at least 1: %s",
                maxUnauthenticated);
        Preconditions.checkArgument(maxPerAddress >= 1, "maxPerAddress must be at least 1: %s", maxPerAddress);
        this.maxUnauthenticated = maxUnauthenticated;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Admits a connection from {@code address} or says why not. {@code evict} closes the
     * connection if the gate later needs its slot for the partner; it is called on the thread that
     * calls {@code admit} for the newer connection, outside the gate's lock.
     */
    public Admission admit(InetAddress address, PeerKind kind, Runnable evict) {
        if (kind == PeerKind.NOT_A_PARTNER) {
            return Admission.refused("not a configured failover partner");
        }
        Ticket evicted = null;
        Ticket ticket;
        synchronized (this) {
            ArrayDeque<Ticket> fromAddress = pending.computeIfAbsent(address, a -> new ArrayDeque<>());
            if (fromAddress.size() >= maxPerAddress) {
                if (kind != PeerKind.CONFIGURED_PARTNER) {
                    dropIfEmpty(address, fromAddress);
                    return Admission.refused("already " + maxPerAddress
                            + " unauthenticated connections from that address");
                }
                evicted = fromAddress.stream().filter(t -> !t.progressed).findFirst()
                        .orElse(fromAddress.peekFirst());
                fromAddress.remove(evicted);
                evicted.forget();
            }
            if (kind == PeerKind.UNCHECKED && uncheckedPending >= maxUnauthenticated) {
                dropIfEmpty(address, fromAddress);
                return Admission.refused("already " + maxUnauthenticated + " unauthenticated connections");
            }
            ticket = new Ticket(address, kind == PeerKind.CONFIGURED_PARTNER, evict);
            fromAddress.addLast(ticket);
            if (ticket.partner) {
                partnerPending++;
            } else {
                uncheckedPending++;
            }
        }
        if (evicted != null) {
            evicted.evict.run();
        }
        return new Admission(ticket, null, evicted != null);
    }

    /** Connections admitted and neither authenticated nor closed yet. */
    public synchronized int pendingCount() {
        return uncheckedPending + partnerPending;
    }

    private void dropIfEmpty(InetAddress address, ArrayDeque<Ticket> fromAddress) {
        if (fromAddress.isEmpty()) {
            pending.remove(address);
        }
    }

    private synchronized void release(Ticket ticket) {
        ArrayDeque<Ticket> fromAddress = pending.get(ticket.address);
        if (fromAddress != null && fromAddress.remove(ticket)) {
            dropIfEmpty(ticket.address, fromAddress);
            ticket.forget();
        }
    }

    /**
     * The outcome of {@link #admit}: a ticket, or the refusal in words.
     *
     * @param ticket the slot taken, or null if refused
     * @param refusal why the connection was refused, or null if admitted
     * @param evictedOlder whether an older pending connection from the partner's address was closed
     */
    public record Admission(Ticket ticket, String refusal, boolean evictedOlder) {
        static Admission refused(String reason) {
            return new Admission(null, reason, false);
        }

        /** Whether the connection was admitted. */
        public boolean admitted() {
            return ticket != null;
        }
    }

    /** One admitted, unauthenticated connection's slot. */
    public final class Ticket {
        private final InetAddress address;
        private final boolean partner;
        private final Runnable evict;
        private boolean counted = true;
        private volatile boolean progressed;

        private Ticket(InetAddress address, boolean partner, Runnable evict) {
            this.address = address;
            this.partner = partner;
            this.evict = evict;
        }

        /** Frees the slot: the connection is authenticated or closed. Later calls do nothing. */
        public void release() {
            AdmissionGate.this.release(this);
        }

        /**
         * The peer took the first step of authentication (sent STARTTLS, say): when the partner's
         * reserve is full, connections that did not are displaced first.
         */
        public void progressed() {
            progressed = true;
        }

        /** Called with the gate's lock held. */
        private void forget() {
            if (counted) {
                counted = false;
                if (partner) {
                    partnerPending--;
                } else {
                    uncheckedPending--;
                }
            }
        }
    }
}
