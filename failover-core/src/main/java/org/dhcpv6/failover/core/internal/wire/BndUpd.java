package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Optional;

/**
 * BNDUPD (24): one binding change, as one OPTION_CLIENT_DATA or one bare OPTION_IAPREFIX (RFC
 * 8156 §5.3.1, §7.4). Sent with a fresh transaction-id; the partner answers with BNDREPLY. The
 * codec does not check that exactly one item is present: a receiver rejects that case with
 * MissingBindingInformation (RFC 8156 §7.5.3).
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record BndUpd(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public BndUpd {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /**
     * The message for one item: an {@link ClientDataOption} (client form) or a bare
     * {@link IaPrefixOption} (delegable prefix form), RFC 8156 §7.4.
     *
     * @throws IllegalArgumentException if {@code clientDataOrBarePrefix} is neither
     */
    public static BndUpd of(int transactionId, long sentTime, Option clientDataOrBarePrefix) {
        if (!(clientDataOrBarePrefix instanceof ClientDataOption)
                && !(clientDataOrBarePrefix instanceof IaPrefixOption)) {
            throw new IllegalArgumentException("a BndUpd item must be OPTION_CLIENT_DATA or OPTION_IAPREFIX: "
                    + clientDataOrBarePrefix);
        }
        return new BndUpd(transactionId, sentTime, List.of(clientDataOrBarePrefix));
    }

    /** The first OPTION_CLIENT_DATA, if this is the client form. */
    public Optional<ClientDataOption> clientData() {
        return Options.first(options, ClientDataOption.class);
    }

    /** The first top-level OPTION_IAPREFIX, if this is the bare-prefix form. */
    public Optional<IaPrefixOption> barePrefix() {
        return Options.first(options, IaPrefixOption.class);
    }

    @Override
    public MessageType type() {
        return MessageType.BNDUPD;
    }
}
