package org.dhcpv6.failover.core.internal.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dhcpv6.failover.api.Ipv6Address;

/**
 * Decodes and encodes options (RFC 3315 §22.1 layout: code, length, value), dispatching on the
 * option code through {@link OptionKind}. Nothing is allocated from a length field until that
 * length has been checked against the octets actually present, so memory stays bounded by the
 * input.
 */
final class OptionCodec {

    /** Deeper than any legal BNDUPD (message, client, IA, lease, DNS removal info) with room to spare. */
    static final int MAX_DEPTH = 8;

    private OptionCodec() {
    }

    /** Decodes options until {@code r} is exhausted; {@code parent} is a code or {@link Containment#TOP}. */
    static List<Option> decodeList(WireReader r, int parent, int depth) throws MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw new MalformedMessageException(r.offset(), "options nested deeper than " + MAX_DEPTH);
        }
        // Sized by a first walk over the headers, so that no list grows (or is grown twice) per option.
        DecodedOptions out = new DecodedOptions(r.optionCountHint());
        while (r.remaining() > 0) {
            int at = r.offset();
            if (r.remaining() < 4) {
                throw new MalformedMessageException(at, "option header needs 4 octets but only "
                        + r.remaining() + " remain");
            }
            int code = r.u16();
            int length = r.u16();
            if (length > r.remaining()) {
                throw new MalformedMessageException(at + 2, "option " + code + " claims " + length
                        + " octets but only " + r.remaining() + " remain in its parent");
            }
            String misplaced = Containment.violation(parent, code);
            if (misplaced != null) {
                throw new MalformedMessageException(at, misplaced);
            }
            int outer = r.enter(length);
            out.append(decodeOne(code, r, at, depth));
            r.leave(outer);
        }
        return out;
    }

    private static Option decodeOne(int code, WireReader v, int at, int depth) throws MalformedMessageException {
        OptionKind kind = OptionKind.kindOrUnknown(code);
        int length = v.remaining();
        if (kind.fixedLength() >= 0 && length != kind.fixedLength()) {
            throw new MalformedMessageException(at + 2, kind.rfcName() + " must be " + kind.fixedLength()
                    + " octets long, not " + length);
        }
        if (length < kind.minLength()) {
            throw new MalformedMessageException(at + 2, kind.rfcName() + " needs at least "
                    + kind.minLength() + " octets, not " + length);
        }
        try {
            return decodeValue(kind, code, v, at, depth + 1);
        } catch (IllegalArgumentException e) {
            // Every rule a record enforces is checked above or below; this keeps a missed one typed.
            throw new MalformedMessageException(at, e.getMessage());
        }
    }

    private static Option decodeValue(OptionKind kind, int code, WireReader v, int at, int depth)
            throws MalformedMessageException {
        return switch (kind) {
            case CLIENTID -> new ClientIdOption(v.rest());
            case IA_NA -> new IaNaOption(v.u32(), v.u32(), v.u32(), decodeList(v, code, depth));
            case IA_TA -> new IaTaOption(v.u32(), decodeList(v, code, depth));
            case IAADDR -> new IaAddrOption(address(v), v.u32(), v.u32(), decodeList(v, code, depth));
            case STATUS_CODE -> new StatusCodeOption(v.u16(), utf8(v, kind));
            case IA_PD -> new IaPdOption(v.u32(), v.u32(), v.u32(), decodeList(v, code, depth));
            case IAPREFIX -> iaPrefix(v, at, depth);
            case CLIENT_FQDN -> new ClientFqdnOption(v.u8(), v.rest());
            case CLIENT_DATA -> new ClientDataOption(decodeList(v, code, depth));
            case CLT_TIME -> new CltTimeOption(v.u32());
            case LQ_RELAY_DATA -> new LqRelayDataOption(address(v), v.rest());
            case VSS -> new VssOption(v.rest());
            case LQ_BASE_TIME -> new LqBaseTimeOption(v.u32());
            case F_BINDING_STATUS -> new BindingStatusOption(v.u8());
            case F_CONNECT_FLAGS -> new ConnectFlagsOption(v.u16());
            case F_DNS_REMOVAL_INFO -> new DnsRemovalInfoOption(decodeList(v, code, depth));
            case F_DNS_HOST_NAME -> new DnsHostNameOption(v.rest());
            case F_DNS_ZONE_NAME -> new DnsZoneNameOption(v.rest());
            case F_DNS_FLAGS -> new DnsFlagsOption(v.u16());
            case F_EXPIRATION_TIME -> new ExpirationTimeOption(v.u32());
            case F_MAX_UNACKED_BNDUPD -> new MaxUnackedBndupdOption(v.u32());
            case F_MCLT -> new McltOption(v.u32());
            case F_PARTNER_LIFETIME -> new PartnerLifetimeOption(v.u32());
            case F_PARTNER_LIFETIME_SENT -> new PartnerLifetimeSentOption(v.u32());
            case F_PARTNER_DOWN_TIME -> new PartnerDownTimeOption(v.u32());
            case F_PARTNER_RAW_CLT_TIME -> new PartnerRawCltTimeOption(v.u32());
            case F_PROTOCOL_VERSION -> new ProtocolVersionOption(v.u16(), v.u16());
            case F_KEEPALIVE_TIME -> new KeepaliveTimeOption(v.u32());
            case F_RECONFIGURE_DATA -> new ReconfigureDataOption(v.u32(), v.rest());
            case F_RELATIONSHIP_NAME -> relationshipName(v, at);
            case F_SERVER_FLAGS -> new ServerFlagsOption(v.u8());
            case F_SERVER_STATE -> new ServerStateOption(v.u8());
            case F_START_TIME_OF_STATE -> new StartTimeOfStateOption(v.u32());
            case F_STATE_EXPIRATION_TIME -> new StateExpirationTimeOption(v.u32());
            case UNKNOWN -> new UnknownOption(code, v.rest());
        };
    }

    private static IaPrefixOption iaPrefix(WireReader v, int at, int depth) throws MalformedMessageException {
        long preferred = v.u32();
        long valid = v.u32();
        int prefixLength = v.u8();
        if (prefixLength > 128) {
            throw new MalformedMessageException(at + 12, "prefix length must be 0..128, not " + prefixLength);
        }
        return new IaPrefixOption(preferred, valid, prefixLength, address(v),
                decodeList(v, OptionKind.IAPREFIX.code(), depth));
    }

    private static RelationshipNameOption relationshipName(WireReader v, int at) throws MalformedMessageException {
        String name = utf8(v, OptionKind.F_RELATIONSHIP_NAME);
        if (name.indexOf('\0') >= 0) {
            throw new MalformedMessageException(at + 4, "relationship name contains a NUL octet");
        }
        return new RelationshipNameOption(name);
    }

    private static Ipv6Address address(WireReader v) throws MalformedMessageException {
        return v.address();
    }

    /** Strict UTF-8: a text that would not re-encode to the same octets is malformed. */
    private static String utf8(WireReader v, OptionKind kind) throws MalformedMessageException {
        int at = v.offset();
        byte[] raw = v.rest();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException(at, kind.rfcName() + " text is not valid UTF-8");
        }
    }

    /** Encodes every option of {@code options} in order. */
    static void encodeList(List<Option> options, WireWriter w) {
        for (int i = 0, n = options.size(); i < n; i++) {
            encodeOne(options.get(i), w);
        }
    }

    private static void encodeOne(Option o, WireWriter w) {
        w.u16(o.code());
        int lengthAt = w.position();
        w.u16(0);
        int start = w.position();
        encodeValue(o, w);
        int length = w.position() - start;
        if (length > Checks.MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException(o.kind().rfcName() + " value is " + length
                    + " octets, more than one option can carry");
        }
        w.patchU16(lengthAt, length);
    }

    private static void encodeValue(Option o, WireWriter w) {
        switch (o.kind()) {
            case CLIENTID -> w.bytes(((ClientIdOption) o).duid());
            case IA_NA -> {
                IaNaOption ia = (IaNaOption) o;
                w.u32(ia.iaid());
                w.u32(ia.t1());
                w.u32(ia.t2());
                encodeList(ia.options(), w);
            }
            case IA_TA -> {
                IaTaOption ia = (IaTaOption) o;
                w.u32(ia.iaid());
                encodeList(ia.options(), w);
            }
            case IAADDR -> {
                IaAddrOption a = (IaAddrOption) o;
                w.address(a.address());
                w.u32(a.preferredLifetime());
                w.u32(a.validLifetime());
                encodeList(a.options(), w);
            }
            case STATUS_CODE -> {
                StatusCodeOption s = (StatusCodeOption) o;
                w.u16(s.statusCode());
                w.bytes(s.message().getBytes(StandardCharsets.UTF_8));
            }
            case IA_PD -> {
                IaPdOption ia = (IaPdOption) o;
                w.u32(ia.iaid());
                w.u32(ia.t1());
                w.u32(ia.t2());
                encodeList(ia.options(), w);
            }
            case IAPREFIX -> {
                IaPrefixOption p = (IaPrefixOption) o;
                w.u32(p.preferredLifetime());
                w.u32(p.validLifetime());
                w.u8(p.prefixLength());
                w.address(p.prefix());
                encodeList(p.options(), w);
            }
            case CLIENT_FQDN -> {
                ClientFqdnOption f = (ClientFqdnOption) o;
                w.u8(f.flags());
                w.bytes(f.domainName());
            }
            case CLIENT_DATA, F_DNS_REMOVAL_INFO -> encodeList(((ContainerOption) o).options(), w);
            case LQ_RELAY_DATA -> {
                LqRelayDataOption r = (LqRelayDataOption) o;
                w.address(r.peerAddress());
                w.bytes(r.relayMessage());
            }
            case VSS -> w.bytes(((VssOption) o).data());
            case F_BINDING_STATUS -> w.u8(((BindingStatusOption) o).status());
            case F_CONNECT_FLAGS -> w.u16(((ConnectFlagsOption) o).flags());
            case F_DNS_HOST_NAME -> w.bytes(((DnsHostNameOption) o).name());
            case F_DNS_ZONE_NAME -> w.bytes(((DnsZoneNameOption) o).name());
            case F_DNS_FLAGS -> w.u16(((DnsFlagsOption) o).flags());
            case CLT_TIME, LQ_BASE_TIME, F_EXPIRATION_TIME, F_MAX_UNACKED_BNDUPD, F_MCLT,
                    F_PARTNER_LIFETIME, F_PARTNER_LIFETIME_SENT, F_PARTNER_DOWN_TIME,
                    F_PARTNER_RAW_CLT_TIME, F_KEEPALIVE_TIME, F_START_TIME_OF_STATE,
                    F_STATE_EXPIRATION_TIME -> w.u32(((Uint32Option) o).value());
            case F_PROTOCOL_VERSION -> {
                ProtocolVersionOption p = (ProtocolVersionOption) o;
                w.u16(p.major());
                w.u16(p.minor());
            }
            case F_RECONFIGURE_DATA -> {
                ReconfigureDataOption r = (ReconfigureDataOption) o;
                w.u32(r.time());
                w.bytes(r.key());
            }
            case F_RELATIONSHIP_NAME -> w.bytes(((RelationshipNameOption) o).name().getBytes(StandardCharsets.UTF_8));
            case F_SERVER_FLAGS -> w.u8(((ServerFlagsOption) o).flags());
            case F_SERVER_STATE -> w.u8(((ServerStateOption) o).state());
            case UNKNOWN -> w.bytes(((UnknownOption) o).data());
        }
    }
}
