package org.dhcpv6.failover.core.internal.wire;

import java.util.List;
import java.util.Optional;

/**
 * BNDREPLY (25): the answer to a BNDUPD, echoing its transaction-id and mirroring its item, with
 * OPTION_STATUS_CODE at the level that is rejected and OPTION_F_PARTNER_LIFETIME_SENT per lease
 * (RFC 8156 §5.3.2, §7.6).
 *
 * @param transactionId the 24-bit transaction-id
 * @param sentTime seconds since 2000-01-01 UTC modulo 2^32
 * @param options the top-level options in wire order
 */
public record BndReply(int transactionId, long sentTime, List<Option> options) implements FailoverMessage {

    /** Checks the header fields and copies the options. */
    public BndReply {
        options = MessageChecks.check(transactionId, sentTime, options);
    }

    /**
     * The message for one item: an {@link ClientDataOption} (client form) or a bare
     * {@link IaPrefixOption} (delegable prefix form), RFC 8156 §7.4.
     *
     * @throws IllegalArgumentException if {@code clientDataOrBarePrefix} is neither
     */
    public static BndReply of(int transactionId, long sentTime, Option clientDataOrBarePrefix) {
        if (!(clientDataOrBarePrefix instanceof ClientDataOption)
                && !(clientDataOrBarePrefix instanceof IaPrefixOption)) {
            throw new IllegalArgumentException("a BndReply item must be OPTION_CLIENT_DATA or OPTION_IAPREFIX: "
                    + clientDataOrBarePrefix);
        }
        return new BndReply(transactionId, sentTime, List.of(clientDataOrBarePrefix));
    }

    /** The first OPTION_CLIENT_DATA, if this is the client form. */
    public Optional<ClientDataOption> clientData() {
        return Options.first(options, ClientDataOption.class);
    }

    /** The first top-level OPTION_IAPREFIX, if this is the bare-prefix form. */
    public Optional<IaPrefixOption> barePrefix() {
        return Options.first(options, IaPrefixOption.class);
    }

    /** A top-level OPTION_STATUS_CODE, if the sender put one outside the item. */
    public Optional<StatusCodeOption> status() {
        return Options.first(options, StatusCodeOption.class);
    }

    @Override
    public MessageType type() {
        return MessageType.BNDREPLY;
    }
}
