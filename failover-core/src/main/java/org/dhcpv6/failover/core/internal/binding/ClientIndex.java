package org.dhcpv6.failover.core.internal.binding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dhcpv6.failover.api.Binding;
import org.dhcpv6.failover.api.ClientIdentity;
import org.dhcpv6.failover.api.Resource;

/**
 * The resources whose binding names each client, for {@link BindingTable#bindingsOf}. Off until
 * the table's first lookup: a host that never looks clients up pays nothing for it on each
 * commit. The table builds it while holding every stripe lock and from then on reports each
 * change made under a resource's lock, so no change is missed.
 *
 * <p>Arrays replaced whole, never changed: almost every client holds one or two resources, and a
 * concurrent set per client would cost far more than the binding itself.
 */
final class ClientIndex {

    private final ConcurrentHashMap<ClientIdentity, Resource[]> byClient = new ConcurrentHashMap<>();
    private volatile boolean kept;

    /** Whether the index is kept (built, and told of every change since). */
    boolean kept() {
        return kept;
    }

    /** Forgets everything and stops keeping the index (the table reloads). */
    void clear() {
        kept = false;
        byClient.clear();
    }

    /** Builds the index from the whole table; the caller holds every stripe lock. */
    void build(Collection<Binding> table) {
        byClient.clear();
        for (Binding b : table) {
            if (b.client() != null) {
                index(b.client(), b.resource());
            }
        }
        kept = true;
    }

    /** The bindings of {@code table} that name {@code client}; lock-free and weakly consistent. */
    List<Binding> bindingsOf(ClientIdentity client, Map<Resource, Binding> table) {
        Resource[] resources = byClient.get(client);
        if (resources == null) {
            return List.of();
        }
        List<Binding> out = new ArrayList<>(resources.length);
        for (Resource r : resources) {
            Binding b = table.get(r);
            if (b != null && client.equals(b.client())) {
                out.add(b);
            }
        }
        return out;
    }

    /** The client's bindings found by reading the whole table, while the index cannot be built yet. */
    static List<Binding> scan(Collection<Binding> table, ClientIdentity client) {
        List<Binding> out = new ArrayList<>(2);
        for (Binding b : table) {
            if (client.equals(b.client())) {
                out.add(b);
            }
        }
        return out;
    }

    /** Follows one published change of {@code resource}'s binding; the caller holds its lock. */
    void changed(Resource resource, Binding before, Binding next) {
        ClientIdentity was = before == null ? null : before.client();
        ClientIdentity is = next == null ? null : next.client();
        if (was != null && !was.equals(is)) {
            unindex(was, resource);
        }
        if (is != null && !is.equals(was)) {
            index(is, resource);
        }
    }

    /*
     * Compare-and-set on the client's array rather than compute(): a lookup that finds the
     * resource already listed, or a first resource, takes no bin lock and captures no lambda. Two
     * resources of one client may sit under different stripes, hence the retry.
     */
    private void index(ClientIdentity client, Resource resource) {
        while (true) {
            Resource[] held = byClient.get(client);
            if (held == null) {
                if (byClient.putIfAbsent(client, new Resource[] {resource}) == null) {
                    return;
                }
                continue;
            }
            if (byClient.replace(client, held, with(held, resource))) {
                return;
            }
        }
    }

    private void unindex(ClientIdentity client, Resource resource) {
        while (true) {
            Resource[] held = byClient.get(client);
            if (held == null) {
                return;
            }
            Resource[] fewer = without(held, resource);
            if (fewer == held) {
                return;
            }
            if (fewer == null ? byClient.remove(client, held) : byClient.replace(client, held, fewer)) {
                return;
            }
        }
    }

    /**
     * The array with {@code resource} added. No search for it first: a resource is listed under a
     * client exactly while its binding names that client, and {@code BindingTable.publish} adds it only when
     * its binding starts naming the client, under the resource's lock.
     */
    private static Resource[] with(Resource[] held, Resource resource) {
        Resource[] more = Arrays.copyOf(held, held.length + 1);
        more[held.length] = resource;
        return more;
    }

    /** The array without {@code resource}, or null when nothing is left (which removes the entry). */
    private static Resource[] without(Resource[] held, Resource resource) {
        int at = -1;
        for (int i = 0; i < held.length; i++) {
            if (held[i].equals(resource)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return held;
        }
        if (held.length == 1) {
            return null;
        }
        Resource[] fewer = new Resource[held.length - 1];
        System.arraycopy(held, 0, fewer, 0, at);
        System.arraycopy(held, at + 1, fewer, at, held.length - at - 1);
        return fewer;
    }
}
