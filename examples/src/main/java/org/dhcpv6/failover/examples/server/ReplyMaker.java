package org.dhcpv6.failover.examples.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.Duid;
import org.dhcpv6.failover.api.IaType;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.ClientServerMessage;
import org.dhcpv6.failover.examples.dhcp.DhcpOption;
import org.dhcpv6.failover.examples.dhcp.MessageType;
import org.dhcpv6.failover.examples.dhcp.StatusCode;

/**
 * The per-message answers of RFC 8415 §18.3 for messages already validated by
 * {@link MessageRules} and admitted by {@link LeaseBackend#mayRespond}.
 */
final class ReplyMaker {

    private final Duid serverDuid;
    private final ServerPolicy policy;
    private final LeaseBackend backend;

    ReplyMaker(Duid serverDuid, ServerPolicy policy, LeaseBackend backend) {
        this.serverDuid = serverDuid;
        this.policy = policy;
        this.backend = backend;
    }

    Optional<ServerReply> answer(ClientServerMessage msg) {
        return switch (msg.type()) {
            case SOLICIT -> Optional.of(solicit(msg));
            case REQUEST -> Optional.of(assign(msg, MessageType.REPLY, false, List.of()));
            case RENEW, REBIND -> extend(msg);
            case RELEASE, DECLINE -> Optional.of(giveBack(msg));
            case CONFIRM -> confirm(msg);
            case INFORMATION_REQUEST -> Optional.of(reply(msg, MessageType.REPLY, List.of(), List.of()));
            default -> Optional.empty();
        };
    }

    /** §18.3.1 and §18.3.9: ADVERTISE with offers, or a committing REPLY under Rapid Commit. */
    private ServerReply solicit(ClientServerMessage msg) {
        if (msg.hasRapidCommit() && policy.allowRapidCommit()) {
            return assign(msg, MessageType.REPLY, false, List.of(new DhcpOption.RapidCommit()));
        }
        List<DhcpOption> extra = policy.preference() > 0
                ? List.of(new DhcpOption.Preference(policy.preference())) : List.of();
        return assign(msg, MessageType.ADVERTISE, true, extra);
    }

    /**
     * Finds each IA a resource (its current binding first, else a new one near the client's
     * hint) and asks the backend to grant it (§18.3.2 for REQUEST).
     */
    private ServerReply assign(ClientServerMessage msg, MessageType replyType, boolean tentative,
            List<DhcpOption> extra) {
        List<DhcpOption> body = new ArrayList<>();
        List<LeaseChange> changes = new ArrayList<>();
        for (IaRequest ia : IaRequest.of(msg)) {
            IaAnswer answer = new IaAnswer(ia.key());
            Optional<Resource> chosen = backend.currentLease(ia.key()).map(Lease::resource)
                    .or(() -> choose(ia));
            if (chosen.isEmpty()) {
                answer.unavailable("no free " + (ia.key().iaType() == IaType.IA_PD ? "prefix" : "address"));
            } else {
                LeaseGrant grant = backend.grant(msg.type(), tentative, ia.key(), chosen.get(), policy.lifetimes());
                if (grant.isGranted()) {
                    answer.add(chosen.get(), grant.lifetimes());
                    if (!tentative) {
                        changes.add(new LeaseChange(LeaseChange.Type.GRANTED, ia.key(), chosen.get(),
                                grant.lifetimes()));
                    }
                } else {
                    answer.unavailable(grant.refusal());
                }
            }
            body.add(answer.build(policy.setRenewTimes()));
        }
        body.addAll(extra);
        return reply(msg, replyType, body, changes);
    }

    private Optional<Resource> choose(IaRequest ia) {
        Resource hint = ia.hint();
        if (ia.key().iaType() == IaType.IA_NA) {
            return backend.chooseAddress(ia.key(), hint instanceof Ipv6Address a ? a : null).map(a -> a);
        }
        return backend.choosePrefix(ia.key(), hint instanceof Ipv6Prefix p ? p : null).map(p -> p);
    }

    /**
     * §18.3.4 (RENEW) and §18.3.5 (REBIND): extend the IA's binding; resources the client listed
     * but does not hold go back with zero lifetimes. Without a binding, RENEW answers NoBinding;
     * REBIND stays silent for that IA so that a server which has the binding (the failover
     * partner) can answer, unless its addresses are plainly off-link.
     */
    private Optional<ServerReply> extend(ClientServerMessage msg) {
        boolean rebind = msg.type() == MessageType.REBIND;
        List<DhcpOption> body = new ArrayList<>();
        List<LeaseChange> changes = new ArrayList<>();
        for (IaRequest ia : IaRequest.of(msg)) {
            IaAnswer answer = new IaAnswer(ia.key());
            Optional<Lease> lease = backend.currentLease(ia.key()).or(() -> ia.listed().stream()
                    .map(r -> backend.listedLease(ia.key(), r)).flatMap(Optional::stream).findFirst());
            if (lease.isEmpty()) {
                if (!rebind) {
                    body.add(answer.status(StatusCode.NO_BINDING, "no binding for this IA").build(false));
                    continue;
                }
                List<Resource> offLink = ia.listed().stream().filter(r -> !onLink(r)).toList();
                if (!offLink.isEmpty()) {
                    offLink.forEach(r -> answer.add(r, Lifetimes.ZERO));
                    body.add(answer.build(false));
                }
                continue;
            }
            Resource held = lease.get().resource();
            LeaseGrant grant = backend.grant(msg.type(), false, ia.key(), held, policy.lifetimes());
            Lifetimes granted = grant.isGranted() ? grant.lifetimes() : Lifetimes.ZERO;
            answer.add(held, granted);
            if (grant.isGranted()) {
                changes.add(new LeaseChange(LeaseChange.Type.GRANTED, ia.key(), held, granted));
            }
            ia.listed().stream().filter(r -> !r.equals(held)).forEach(r -> answer.add(r, Lifetimes.ZERO));
            body.add(answer.build(policy.setRenewTimes()));
        }
        if (rebind && body.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(reply(msg, MessageType.REPLY, body, changes));
    }

    /** Addresses outside every on-link prefix are off-link; prefixes cannot be judged here. */
    private boolean onLink(Resource r) {
        return !(r instanceof Ipv6Address a) || policy.onLinkPrefixes().stream().anyMatch(p -> p.contains(a));
    }

    /**
     * §18.3.7 (RELEASE) and §18.3.8 (DECLINE): give back each listed resource; IAs with a
     * resource the client did not hold get NoBinding; the message as a whole gets Success.
     */
    private ServerReply giveBack(ClientServerMessage msg) {
        boolean release = msg.type() == MessageType.RELEASE;
        List<DhcpOption> body = new ArrayList<>();
        List<LeaseChange> changes = new ArrayList<>();
        for (IaRequest ia : IaRequest.of(msg)) {
            boolean allHeld = true;
            for (Resource r : ia.listed()) {
                boolean held = release ? backend.release(ia.key(), r) : backend.decline(ia.key(), r);
                if (held) {
                    changes.add(new LeaseChange(release ? LeaseChange.Type.RELEASED : LeaseChange.Type.DECLINED,
                            ia.key(), r, Lifetimes.ZERO));
                } else {
                    allHeld = false;
                }
            }
            if (!allHeld) {
                body.add(new IaAnswer(ia.key()).status(StatusCode.NO_BINDING, "no binding for this IA").build(false));
            }
        }
        body.add(DhcpOption.Status.of(StatusCode.SUCCESS, release ? "released" : "declined"));
        return reply(msg, MessageType.REPLY, body, changes);
    }

    /**
     * §18.3.3: Success when every address lies in an on-link prefix, else NotOnLink. Without
     * addresses, or without configured prefixes to judge by, the server must not reply.
     */
    private Optional<ServerReply> confirm(ClientServerMessage msg) {
        List<Resource> addresses = IaRequest.of(msg).stream()
                .filter(ia -> ia.key().iaType() == IaType.IA_NA)
                .flatMap(ia -> ia.listed().stream()).toList();
        if (addresses.isEmpty() || policy.onLinkPrefixes().isEmpty()) {
            return Optional.empty();
        }
        boolean all = addresses.stream().allMatch(this::onLink);
        DhcpOption status = all
                ? DhcpOption.Status.of(StatusCode.SUCCESS, "all addresses on-link")
                : DhcpOption.Status.of(StatusCode.NOT_ON_LINK, "some addresses are not on-link");
        return Optional.of(reply(msg, MessageType.REPLY, List.of(status), List.of()));
    }

    /**
     * Every ADVERTISE and REPLY carries our Server Identifier and the client's Client Identifier
     * (§18.3), then the body, then requested configuration options (§21.7).
     */
    private ServerReply reply(ClientServerMessage msg, MessageType type, List<DhcpOption> body,
            List<LeaseChange> changes) {
        List<DhcpOption> options = new ArrayList<>();
        options.add(new DhcpOption.ServerId(serverDuid));
        msg.option(DhcpOption.ClientId.class).ifPresent(options::add);
        options.addAll(body);
        boolean wantsDns = msg.option(DhcpOption.OptionRequest.class)
                .map(oro -> oro.codes().contains(DhcpOption.DNS_SERVERS)).orElse(false);
        if (wantsDns && !policy.dnsServers().isEmpty()) {
            options.add(new DhcpOption.DnsServers(policy.dnsServers()));
        }
        return new ServerReply(new ClientServerMessage(type, msg.transactionId(), options), changes);
    }
}
