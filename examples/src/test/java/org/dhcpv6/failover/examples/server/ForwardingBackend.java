package org.dhcpv6.failover.examples.server;

import java.util.List;
import java.util.Optional;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Ipv6Address;
import org.dhcpv6.failover.api.Ipv6Prefix;
import org.dhcpv6.failover.api.Resource;
import org.dhcpv6.failover.examples.dhcp.MessageType;

/** Passes every call to another backend; tests override single methods to inject behaviour. */
class ForwardingBackend implements LeaseBackend {

    private final LeaseBackend delegate;

    ForwardingBackend(LeaseBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean mayRespond(MessageType type, boolean directedToUs) {
        return delegate.mayRespond(type, directedToUs);
    }

    @Override
    public Optional<Lease> currentLease(ClientIdentity client) {
        return delegate.currentLease(client);
    }

    @Override
    public Optional<Ipv6Address> chooseAddress(ClientIdentity client, Ipv6Address hint) {
        return delegate.chooseAddress(client, hint);
    }

    @Override
    public Optional<Ipv6Prefix> choosePrefix(ClientIdentity client, Ipv6Prefix hint) {
        return delegate.choosePrefix(client, hint);
    }

    @Override
    public LeaseGrant grant(MessageType type, boolean tentative, ClientIdentity client, Resource resource,
            Lifetimes desired) {
        return delegate.grant(type, tentative, client, resource, desired);
    }

    @Override
    public boolean release(ClientIdentity client, Resource resource) {
        return delegate.release(client, resource);
    }

    @Override
    public boolean decline(ClientIdentity client, Resource resource) {
        return delegate.decline(client, resource);
    }

    @Override
    public void afterReply(List<LeaseChange> changes) {
        delegate.afterReply(changes);
    }
}
