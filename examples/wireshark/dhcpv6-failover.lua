-- Wireshark / tshark dissector for the DHCPv6 Failover Protocol (RFC 8156) on TCP port 647.
--
-- Wireshark 4.0 gives port 647 to the DHCPv4 failover draft ("dhcpfo") and does not know the
-- RFC 8156 message types 24-35, so failover captures show up as malformed DHCPv4 failover. This
-- file takes port 647 over and decodes:
--   * the 2-octet message-size framing of RFC 5460 §5.1, reassembled across TCP segments (one
--     message may span segments, one segment may hold several messages);
--   * the 8-octet header (msg-type, 24-bit transaction-id, sent-time since 2000-01-01 UTC);
--   * every message type 24-35, STARTTLS (23) and its REPLY (7) in both header forms (RFC 7653,
--     no sent-time, and RFC 8156, with one; told apart the way the project's Java codec does);
--   * every option 114-134 of RFC 8156 §5.5 and the reused options (client id, IA_NA, IA_TA,
--     IAADDR, IA_PD, IAPREFIX, status code with the RFC 8156 codes 16-22, client FQDN,
--     CLIENT_DATA, CLT_TIME, LQ_RELAY_DATA, VSS, LQ_BASE_TIME), nested to any legal depth;
--   * the TLS records that follow an accepting REPLY (handed to Wireshark's TLS dissector).
-- A message the Java codec would refuse (bad length, misplaced option, bad UTF-8, unknown type)
-- gets an expert error "dhcpv6fo.malformed". Install: see README.md in this folder.

local fo = Proto("dhcpv6fo", "DHCPv6 Failover (RFC 8156)")

local EPOCH_2000 = 946684800
local FAILOVER_PORT = 647

local MSG = {
    [7] = "REPLY", [23] = "STARTTLS", [24] = "BNDUPD", [25] = "BNDREPLY", [26] = "POOLREQ",
    [27] = "POOLRESP", [28] = "UPDREQ", [29] = "UPDREQALL", [30] = "UPDDONE", [31] = "CONNECT",
    [32] = "CONNECTREPLY", [33] = "DISCONNECT", [34] = "STATE", [35] = "CONTACT",
}

-- code = { name, fixed length (-1 varies), minimum length }; the same table as core's OptionKind.
local OPT = {
    [1] = { "OPTION_CLIENTID", -1, 1 }, [3] = { "OPTION_IA_NA", -1, 12 }, [4] = { "OPTION_IA_TA", -1, 4 },
    [5] = { "OPTION_IAADDR", -1, 24 }, [13] = { "OPTION_STATUS_CODE", -1, 2 }, [25] = { "OPTION_IA_PD", -1, 12 },
    [26] = { "OPTION_IAPREFIX", -1, 25 }, [39] = { "OPTION_CLIENT_FQDN", -1, 1 },
    [45] = { "OPTION_CLIENT_DATA", -1, 0 }, [46] = { "OPTION_CLT_TIME", 4, 4 },
    [47] = { "OPTION_LQ_RELAY_DATA", -1, 16 }, [68] = { "OPTION_VSS", -1, 0 },
    [100] = { "OPTION_LQ_BASE_TIME", 4, 4 },
    [114] = { "OPTION_F_BINDING_STATUS", 1, 1 }, [115] = { "OPTION_F_CONNECT_FLAGS", 2, 2 },
    [116] = { "OPTION_F_DNS_REMOVAL_INFO", -1, 0 }, [117] = { "OPTION_F_DNS_HOST_NAME", -1, 0 },
    [118] = { "OPTION_F_DNS_ZONE_NAME", -1, 0 }, [119] = { "OPTION_F_DNS_FLAGS", 2, 2 },
    [120] = { "OPTION_F_EXPIRATION_TIME", 4, 4 }, [121] = { "OPTION_F_MAX_UNACKED_BNDUPD", 4, 4 },
    [122] = { "OPTION_F_MCLT", 4, 4 }, [123] = { "OPTION_F_PARTNER_LIFETIME", 4, 4 },
    [124] = { "OPTION_F_PARTNER_LIFETIME_SENT", 4, 4 }, [125] = { "OPTION_F_PARTNER_DOWN_TIME", 4, 4 },
    [126] = { "OPTION_F_PARTNER_RAW_CLT_TIME", 4, 4 }, [127] = { "OPTION_F_PROTOCOL_VERSION", 4, 4 },
    [128] = { "OPTION_F_KEEPALIVE_TIME", 4, 4 }, [129] = { "OPTION_F_RECONFIGURE_DATA", -1, 4 },
    [130] = { "OPTION_F_RELATIONSHIP_NAME", -1, 0 }, [131] = { "OPTION_F_SERVER_FLAGS", 1, 1 },
    [132] = { "OPTION_F_SERVER_STATE", 1, 1 }, [133] = { "OPTION_F_START_TIME_OF_STATE", 4, 4 },
    [134] = { "OPTION_F_STATE_EXPIRATION_TIME", 4, 4 },
}
local OPT_NAMES = {}
for code, o in pairs(OPT) do OPT_NAMES[code] = o[1] end

local STATUS = {
    [0] = "Success", [1] = "UnspecFail", [2] = "NoAddrsAvail", [3] = "NoBinding", [4] = "NotOnLink",
    [5] = "UseMulticast", [6] = "NoPrefixAvail", [7] = "UnknownQueryType", [8] = "MalformedQuery",
    [9] = "NotConfigured", [10] = "NotAllowed", [11] = "QueryTerminated", [12] = "DataMissing",
    [13] = "CatchUpComplete", [14] = "NotSupported", [15] = "TLSConnectionRefused", [16] = "AddressInUse",
    [17] = "ConfigurationConflict", [18] = "MissingBindingInformation", [19] = "OutdatedBindingInformation",
    [20] = "ServerShuttingDown", [21] = "DNSUpdateNotSupported", [22] = "ExcessiveTimeSkew",
}
local SERVER_STATE = {
    [1] = "STARTUP", [2] = "NORMAL", [3] = "COMMUNICATIONS-INTERRUPTED", [4] = "PARTNER-DOWN",
    [5] = "POTENTIAL-CONFLICT", [6] = "RECOVER", [7] = "RECOVER-WAIT", [8] = "RECOVER-DONE",
    [9] = "RESOLUTION-INTERRUPTED", [10] = "CONFLICT-DONE",
}
local BINDING_STATUS = {
    [1] = "ACTIVE", [2] = "EXPIRED", [3] = "RELEASED", [4] = "PENDING-FREE", [5] = "FREE",
    [6] = "FREE-BACKUP", [7] = "ABANDONED", [8] = "RESET",
}

local function time_field(abbr, name)
    return ProtoField.uint32("dhcpv6fo." .. abbr, name, base.DEC)
end

local f = {
    size = ProtoField.uint16("dhcpv6fo.size", "Message size", base.DEC),
    type = ProtoField.uint8("dhcpv6fo.type", "Message type", base.DEC, MSG),
    xid = ProtoField.uint24("dhcpv6fo.xid", "Transaction id", base.DEC),
    sent_time = time_field("sent_time", "Sent time (s since 2000)"),
    form = ProtoField.string("dhcpv6fo.header_form", "Header form"),
    utc = ProtoField.absolute_time("dhcpv6fo.utc", "As UTC", base.UTC),
    raw = ProtoField.bytes("dhcpv6fo.raw", "Frame (size prefix included)"),
    check = ProtoField.string("dhcpv6fo.check", "Decoded (canonical)"),
    option = ProtoField.uint16("dhcpv6fo.option.code", "Option code", base.DEC, OPT_NAMES),
    option_len = ProtoField.uint16("dhcpv6fo.option.len", "Option length", base.DEC),
    option_value = ProtoField.bytes("dhcpv6fo.option.value", "Value"),
    client_id = ProtoField.bytes("dhcpv6fo.client_id", "Client DUID"),
    iaid = ProtoField.uint32("dhcpv6fo.iaid", "IAID", base.HEX),
    t1 = ProtoField.uint32("dhcpv6fo.t1", "T1", base.DEC),
    t2 = ProtoField.uint32("dhcpv6fo.t2", "T2", base.DEC),
    address = ProtoField.ipv6("dhcpv6fo.address", "Address"),
    preferred = ProtoField.uint32("dhcpv6fo.preferred_lifetime", "Preferred lifetime", base.DEC),
    valid = ProtoField.uint32("dhcpv6fo.valid_lifetime", "Valid lifetime", base.DEC),
    prefix_len = ProtoField.uint8("dhcpv6fo.prefix_length", "Prefix length", base.DEC),
    prefix = ProtoField.ipv6("dhcpv6fo.prefix", "Prefix"),
    status = ProtoField.uint16("dhcpv6fo.status_code", "Status code", base.DEC, STATUS),
    status_msg = ProtoField.string("dhcpv6fo.status_message", "Status message"),
    fqdn_flags = ProtoField.uint8("dhcpv6fo.fqdn.flags", "FQDN flags", base.HEX),
    fqdn_name = ProtoField.bytes("dhcpv6fo.fqdn.name", "FQDN domain name"),
    clt_time = ProtoField.uint32("dhcpv6fo.clt_time", "Client last transaction (s before base time)", base.DEC),
    relay_peer = ProtoField.ipv6("dhcpv6fo.relay.peer", "Relay peer address"),
    relay_msg = ProtoField.bytes("dhcpv6fo.relay.message", "Relay message"),
    vss = ProtoField.bytes("dhcpv6fo.vss", "VSS"),
    lq_base_time = time_field("lq_base_time", "Base time"),
    binding_status = ProtoField.uint8("dhcpv6fo.binding_status", "Binding status", base.DEC, BINDING_STATUS),
    connect_flags = ProtoField.uint16("dhcpv6fo.connect_flags", "Connect flags", base.HEX),
    connect_flags_f = ProtoField.bool("dhcpv6fo.connect_flags.fixed_pd_length", "FIXED_PD_LENGTH", 16, nil, 0x0001),
    dns_host = ProtoField.bytes("dhcpv6fo.dns.host_name", "DNS host name"),
    dns_zone = ProtoField.bytes("dhcpv6fo.dns.zone_name", "DNS zone name"),
    dns_flags = ProtoField.uint16("dhcpv6fo.dns.flags", "DNS flags", base.HEX),
    dns_u = ProtoField.bool("dhcpv6fo.dns.flags.u", "USING_REQUESTED_FQDN", 16, nil, 0x0008),
    dns_s = ProtoField.bool("dhcpv6fo.dns.flags.s", "SYNTHESIZED_NAME", 16, nil, 0x0004),
    dns_r = ProtoField.bool("dhcpv6fo.dns.flags.r", "REV_UPTODATE", 16, nil, 0x0002),
    dns_f = ProtoField.bool("dhcpv6fo.dns.flags.f", "FWD_UPTODATE", 16, nil, 0x0001),
    expiration_time = time_field("expiration_time", "Expiration time"),
    max_unacked = ProtoField.uint32("dhcpv6fo.max_unacked_bndupd", "Max unacked BNDUPD", base.DEC),
    mclt = ProtoField.uint32("dhcpv6fo.mclt", "MCLT (s)", base.DEC),
    partner_lifetime = time_field("partner_lifetime", "Partner lifetime"),
    partner_lifetime_sent = time_field("partner_lifetime_sent", "Partner lifetime sent"),
    partner_down_time = time_field("partner_down_time", "Partner down time"),
    partner_raw_clt_time = time_field("partner_raw_clt_time", "Partner raw CLT time"),
    version_major = ProtoField.uint16("dhcpv6fo.version.major", "Protocol major version", base.DEC),
    version_minor = ProtoField.uint16("dhcpv6fo.version.minor", "Protocol minor version", base.DEC),
    keepalive = ProtoField.uint32("dhcpv6fo.keepalive_time", "Keepalive time (s)", base.DEC),
    reconfigure_time = time_field("reconfigure_time", "Reconfigure time"),
    reconfigure_key = ProtoField.bytes("dhcpv6fo.reconfigure_key", "Reconfigure key"),
    relationship = ProtoField.string("dhcpv6fo.relationship_name", "Relationship name"),
    server_flags = ProtoField.uint8("dhcpv6fo.server_flags", "Server flags", base.HEX),
    server_flags_c = ProtoField.bool("dhcpv6fo.server_flags.communicated", "COMMUNICATED", 8, nil, 0x01),
    server_flags_s = ProtoField.bool("dhcpv6fo.server_flags.startup", "STARTUP", 8, nil, 0x02),
    server_flags_a = ProtoField.bool("dhcpv6fo.server_flags.ack_startup", "ACK_STARTUP", 8, nil, 0x04),
    server_state = ProtoField.uint8("dhcpv6fo.server_state", "Server state", base.DEC, SERVER_STATE),
    start_time_of_state = time_field("start_time_of_state", "Start time of state"),
    state_expiration_time = time_field("state_expiration_time", "State expiration time"),
}
local field_list = {}
for _, v in pairs(f) do field_list[#field_list + 1] = v end
fo.fields = field_list

local ex_malformed = ProtoExpert.new("dhcpv6fo.malformed", "Malformed failover message",
    expert.group.MALFORMED, expert.severity.ERROR)
fo.experts = { ex_malformed }

local tls = Dissector.get("tls")
local tcp_stream = Field.new("tcp.stream")
-- TCP stream number -> number of the frame that carried the accepting REPLY; later frames are TLS.
local tls_after = {}
-- The frame whose Info column already names a message (several messages share a segment).
local info_frame = nil

-- Where an option may sit (core's Containment): nil parent = top level of a message.
local function misplaced(parent, code)
    local ok
    if code == 5 then ok = parent == 3 or parent == 4
    elseif code == 26 then ok = parent == nil or parent == 25
    elseif code == 3 or code == 4 or code == 25 then ok = parent == 45
    elseif code == 45 then ok = parent == nil
    elseif code >= 117 and code <= 119 then ok = parent == 116
    elseif code == 116 then
        ok = parent == 45 or parent == 3 or parent == 4 or parent == 25 or parent == 5 or parent == 26
    else ok = true end
    return not ok
end

-- Strict UTF-8 (what Java's decoder with REPORT accepts): no overlongs, surrogates or > U+10FFFF.
local function valid_utf8(s)
    local i, n = 1, #s
    while i <= n do
        local c = s:byte(i)
        local len, min
        if c < 0x80 then len, min = 1, 0
        elseif c >= 0xC2 and c <= 0xDF then len, min = 2, 0x80
        elseif c >= 0xE0 and c <= 0xEF then len, min = 3, 0x800
        elseif c >= 0xF0 and c <= 0xF4 then len, min = 4, 0x10000
        else return false end
        if i + len - 1 > n then return false end
        local cp = (len == 1) and c or (c % (2 ^ (7 - len)))
        for k = 1, len - 1 do
            local cc = s:byte(i + k)
            if cc < 0x80 or cc > 0xBF then return false end
            cp = cp * 64 + (cc - 0x80)
        end
        if cp < min or cp > 0x10FFFF or (cp >= 0xD800 and cp <= 0xDFFF) then return false end
        i = i + len
    end
    return true
end

local function hex(range)
    if range:len() == 0 then return "" end
    return tostring(range:bytes()):lower()
end

-- A "[name] x.y" rendering of an RFC 1035 wire name for the tree; nil if the labels do not fit.
local function dns_name(range)
    local parts, i, n = {}, 0, range:len()
    while i < n do
        local l = range(i, 1):uint()
        if l == 0 then return table.concat(parts, ".") .. "." end
        if l > 63 or i + 1 + l > n then return nil end
        parts[#parts + 1] = range(i + 1, l):string()
        i = i + 1 + l
    end
    return table.concat(parts, ".")
end

local function add_time(tree, field, range)
    local v = range:uint()
    local item = tree:add(field, range)
    item:append_text(" (" .. os.date("!%Y-%m-%d %H:%M:%S", EPOCH_2000 + v) .. " UTC)")
    return v
end

local decode_options -- forward

-- Decodes one option's value into tree; returns (canonical value, error or nil). The canonical
-- value is what the cross-check compares with the Java decoder (examples' DissectorCheck).
local function decode_value(code, v, tree, depth)
    local len = v:len()
    local function u32(at) return v(at, 4):uint() end
    if code == 1 then
        tree:add(f.client_id, v)
        return hex(v)
    elseif code == 3 or code == 25 then
        tree:add(f.iaid, v(0, 4)); tree:add(f.t1, v(4, 4)); tree:add(f.t2, v(8, 4))
        local err = decode_options(v, 12, tree, code, depth + 1)
        return u32(0) .. "," .. u32(4) .. "," .. u32(8), err
    elseif code == 4 then
        tree:add(f.iaid, v(0, 4))
        return tostring(u32(0)), decode_options(v, 4, tree, code, depth + 1)
    elseif code == 5 then
        tree:add(f.address, v(0, 16)); tree:add(f.preferred, v(16, 4)); tree:add(f.valid, v(20, 4))
        local err = decode_options(v, 24, tree, code, depth + 1)
        return hex(v(0, 16)) .. "," .. u32(16) .. "," .. u32(20), err
    elseif code == 13 then
        tree:add(f.status, v(0, 2))
        local text = len > 2 and v(2):raw() or ""
        if len > 2 then tree:add_packet_field(f.status_msg, v(2), ENC_UTF_8) end
        if not valid_utf8(text) then return nil, "OPTION_STATUS_CODE text is not valid UTF-8" end
        return v(0, 2):uint() .. "," .. text
    elseif code == 26 then
        local plen = v(8, 1):uint()
        tree:add(f.preferred, v(0, 4)); tree:add(f.valid, v(4, 4)); tree:add(f.prefix_len, v(8, 1))
        tree:add(f.prefix, v(9, 16))
        if plen > 128 then return nil, "prefix length must be 0..128, not " .. plen end
        local err = decode_options(v, 25, tree, code, depth + 1)
        return u32(0) .. "," .. u32(4) .. "," .. plen .. "," .. hex(v(9, 16)), err
    elseif code == 39 then
        tree:add(f.fqdn_flags, v(0, 1))
        if len > 1 then
            local item = tree:add(f.fqdn_name, v(1))
            local name = dns_name(v(1))
            if name then item:append_text(" (" .. name .. ")") end
        end
        return v(0, 1):uint() .. "," .. (len > 1 and hex(v(1)) or "")
    elseif code == 45 or code == 116 then
        return "", decode_options(v, 0, tree, code, depth + 1)
    elseif code == 46 then
        tree:add(f.clt_time, v)
        return tostring(v:uint())
    elseif code == 47 then
        tree:add(f.relay_peer, v(0, 16))
        if len > 16 then tree:add(f.relay_msg, v(16)) end
        return hex(v(0, 16)) .. "," .. (len > 16 and hex(v(16)) or "")
    elseif code == 68 then
        if len > 0 then tree:add(f.vss, v) end
        return hex(v)
    elseif code == 114 then
        tree:add(f.binding_status, v)
        return tostring(v:uint())
    elseif code == 115 then
        local item = tree:add(f.connect_flags, v)
        item:add(f.connect_flags_f, v)
        return tostring(v:uint())
    elseif code == 117 or code == 118 then
        if len > 0 then
            local item = tree:add(code == 117 and f.dns_host or f.dns_zone, v)
            local name = dns_name(v)
            if name then item:append_text(" (" .. name .. ")") end
        end
        return hex(v)
    elseif code == 119 then
        local item = tree:add(f.dns_flags, v)
        item:add(f.dns_u, v); item:add(f.dns_s, v); item:add(f.dns_r, v); item:add(f.dns_f, v)
        return tostring(v:uint())
    elseif code == 127 then
        tree:add(f.version_major, v(0, 2)); tree:add(f.version_minor, v(2, 2))
        return v(0, 2):uint() .. "," .. v(2, 2):uint()
    elseif code == 129 then
        add_time(tree, f.reconfigure_time, v(0, 4))
        if len > 4 then tree:add(f.reconfigure_key, v(4)) end
        return u32(0) .. "," .. (len > 4 and hex(v(4)) or "")
    elseif code == 130 then
        local name = len > 0 and v:raw() or ""
        if len > 0 then tree:add_packet_field(f.relationship, v, ENC_UTF_8) end
        if not valid_utf8(name) then return nil, "OPTION_F_RELATIONSHIP_NAME text is not valid UTF-8" end
        if name:find("\0", 1, true) then return nil, "relationship name contains a NUL octet" end
        return name
    elseif code == 131 then
        local item = tree:add(f.server_flags, v)
        item:add(f.server_flags_c, v); item:add(f.server_flags_s, v); item:add(f.server_flags_a, v)
        return tostring(v:uint())
    elseif code == 132 then
        tree:add(f.server_state, v)
        return tostring(v:uint())
    end
    local times = {
        [100] = f.lq_base_time, [120] = f.expiration_time, [123] = f.partner_lifetime,
        [124] = f.partner_lifetime_sent, [125] = f.partner_down_time, [126] = f.partner_raw_clt_time,
        [133] = f.start_time_of_state, [134] = f.state_expiration_time,
    }
    if times[code] then
        return tostring(add_time(tree, times[code], v))
    end
    local counts = { [121] = f.max_unacked, [122] = f.mclt, [128] = f.keepalive }
    if counts[code] then
        tree:add(counts[code], v)
        return tostring(v:uint())
    end
    if len > 0 then tree:add(f.option_value, v) end
    return hex(v)
end

-- Decodes the options in buf[from..]; parent is the enclosing option code (nil at top level).
-- Returns nil, or the first error (after marking it in the tree).
decode_options = function(buf, from, tree, parent, depth)
    if depth > 8 then return "options nested deeper than 8" end
    local at, n = from, buf:len()
    while at < n do
        if n - at < 4 then
            local item = tree:add(buf(at), "Truncated option header")
            item:add_proto_expert_info(ex_malformed, "option header needs 4 octets but only " .. (n - at) .. " remain")
            return "truncated option header"
        end
        local code, len = buf(at, 2):uint(), buf(at + 2, 2):uint()
        local spec = OPT[code]
        local name = spec and spec[1] or ("Unknown option " .. code)
        if len > n - at - 4 then
            local item = tree:add(buf(at), name .. " (" .. code .. ")")
            item:add(f.option, buf(at, 2)); item:add(f.option_len, buf(at + 2, 2))
            local why = "option " .. code .. " claims " .. len .. " octets but only " .. (n - at - 4) .. " remain"
            item:add_proto_expert_info(ex_malformed, why)
            return why
        end
        local v = len > 0 and buf(at + 4, len) or buf(at + 4, 0)
        local sub = tree:add(buf(at, 4 + len), name .. " (" .. code .. "), " .. len .. " octets")
        sub:add(f.option, buf(at, 2)); sub:add(f.option_len, buf(at + 2, 2))
        local err
        if misplaced(parent, code) then
            err = name .. " may not appear " .. (parent and ("inside option " .. parent) or "at the top level")
        elseif spec and spec[2] >= 0 and len ~= spec[2] then
            err = name .. " must be " .. spec[2] .. " octets long, not " .. len
        elseif spec and len < spec[3] then
            err = name .. " needs at least " .. spec[3] .. " octets, not " .. len
        end
        if err then
            sub:add_proto_expert_info(ex_malformed, err)
            return err
        end
        local value, inner = decode_value(code, v, sub, depth)
        if value == nil then
            sub:add_proto_expert_info(ex_malformed, inner)
            return inner
        end
        -- After the nested options: the cross-check lists options children first.
        sub:add(f.check, buf(at, 4 + len), "O:" .. code .. ":" .. len .. ":" .. value):set_hidden()
        if inner then return inner end
        at = at + 4 + len
    end
    return nil
end

-- Whether buf[from..] parses as options whose top-level codes are all known (STARTTLS forms).
local function parses_known(buf, from)
    local at, n = from, buf:len()
    local function walk(s, e, parent, depth)
        if depth > 8 then return false end
        local p = s
        while p < e do
            if e - p < 4 then return false end
            local code, len = buf(p, 2):uint(), buf(p + 2, 2):uint()
            if len > e - p - 4 or misplaced(parent, code) then return false end
            local spec = OPT[code]
            if parent == nil and not spec then return false end
            if spec and ((spec[2] >= 0 and len ~= spec[2]) or len < spec[3]) then return false end
            local skip = ({ [3] = 12, [25] = 12, [4] = 4, [5] = 24, [26] = 25, [45] = 0, [116] = 0 })[code]
            if skip and not walk(p + 4 + skip, p + 4 + len, code, depth + 1) then return false end
            p = p + 4 + len
        end
        return true
    end
    return walk(at, n, nil, 0)
end

local function dissect_message(tvb, pinfo, tree)
    local size = tvb(0, 2):uint()
    local body = tvb(2, size):tvb()
    local root = tree:add(fo, tvb(0, 2 + size))
    root:add(f.size, tvb(0, 2))
    root:add(f.raw, tvb(0, 2 + size)):set_hidden()
    if size < 4 then
        root:add_proto_expert_info(ex_malformed, "message of " .. size .. " octets is shorter than any header")
        return
    end
    local code = body(0, 1):uint()
    local name = MSG[code] or ("Unknown (" .. code .. ")")
    root:add(f.type, body(0, 1))
    root:add(f.xid, body(1, 3))
    root:append_text(", " .. name)
    pinfo.cols.protocol:set("DHCPv6-FO")
    if info_frame ~= pinfo.number then
        pinfo.cols.info:set(name)
        info_frame = pinfo.number
    else
        pinfo.cols.info:append(", " .. name)
    end
    if not MSG[code] then
        root:add_proto_expert_info(ex_malformed, "unknown message type " .. code)
        return
    end
    local options_at, sent
    if code == 7 or code == 23 then
        -- RFC 7653 form first (the form the project sends), as core's StartTlsForms does.
        if parses_known(body, 4) or size < 8 then
            options_at = 4
            root:add(f.form, body(0, 4), "RFC 7653 (no sent-time)")
        else
            options_at = 8
            root:add(f.form, body(0, 8), "RFC 8156 (with sent-time)")
        end
    else
        if size < 8 then
            root:add_proto_expert_info(ex_malformed, name .. " of " .. size .. " octets is shorter than the 8-octet header")
            return
        end
        options_at = 8
    end
    if options_at == 8 then
        sent = add_time(root, f.sent_time, body(4, 4))
    end
    root:add(f.check, body(0, options_at), "M:" .. code .. ":" .. body(1, 3):uint() .. ":" .. (sent or "-")):set_hidden()
    local err = decode_options(body, options_at, root, nil, 0)
    if err then
        pinfo.cols.info:append(" [malformed]")
        return
    end
    if code == 7 then
        local refused = false
        local at = options_at
        while at + 6 <= size do
            local oc, ol = body(at, 2):uint(), body(at + 2, 2):uint()
            if oc == 13 and ol >= 2 and body(at + 4, 2):uint() ~= 0 then refused = true end
            at = at + 4 + ol
        end
        local stream = tcp_stream()
        if not refused and stream then
            tls_after[stream.value] = pinfo.number
        end
        root:append_text(refused and " (TLS refused)" or " (TLS follows)")
    end
end

local function message_length(tvb, _, offset)
    return tvb(offset, 2):uint() + 2
end

local function tls_record_length(tvb, _, offset)
    return tvb(offset + 3, 2):uint() + 5
end

local function dissect_tls_record(tvb, pinfo, tree)
    return tls:call(tvb, pinfo, tree)
end

function fo.dissector(tvb, pinfo, tree)
    local stream = tcp_stream()
    local from = stream and tls_after[stream.value]
    if from and pinfo.number > from then
        -- Whole TLS records (5-octet header) go to the TLS dissector.
        dissect_tcp_pdus(tvb, tree, 5, tls_record_length, dissect_tls_record, true)
        return tvb:len()
    end
    dissect_tcp_pdus(tvb, tree, 2, message_length, dissect_message, true)
    return tvb:len()
end

function fo.init()
    tls_after = {}
    info_frame = nil
end

DissectorTable.get("tcp.port"):add(FAILOVER_PORT, fo)
