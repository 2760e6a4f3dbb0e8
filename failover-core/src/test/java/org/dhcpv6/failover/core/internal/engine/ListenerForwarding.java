package org.dhcpv6.failover.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dhcpv6.failover.api.FailoverListener;
import org.dhcpv6.failover.api.ServerState;

/**
 * Checks that a listener wrapper passes every {@link FailoverListener} event on, the ones added
 * to the interface after the wrapper was written included (a wrapper that misses one drops that
 * event for every host).
 */
public final class ListenerForwarding {

    private ListenerForwarding() {
    }

    /** Calls each event of the wrapped listener once and asserts the host heard exactly that one. */
    public static void assertForwardsEveryEvent(UnaryOperator<FailoverListener> wrap) throws Exception {
        for (Method event : FailoverListener.class.getMethods()) {
            if (Modifier.isStatic(event.getModifiers()) || event.getDeclaringClass() != FailoverListener.class) {
                continue;
            }
            List<String> heard = new ArrayList<>();
            FailoverListener host = (FailoverListener) Proxy.newProxyInstance(FailoverListener.class.getClassLoader(),
                    new Class<?>[] {FailoverListener.class}, (proxy, m, args) -> {
                        if (m.getDeclaringClass() == Object.class) {
                            return m.getName().equals("toString") ? "recording host" : m.invoke(heard, args);
                        }
                        heard.add(m.getName());
                        return null;
                    });
            event.invoke(wrap.apply(host), arguments(event));
            assertEquals(List.of(event.getName()), heard, "the host should hear " + event.getName() + " once");
        }
    }

    private static Object[] arguments(Method event) {
        Class<?>[] types = event.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            args[i] = t == String.class ? "campus" : t == ServerState.class ? ServerState.NORMAL
                    : t == Duration.class ? Duration.ZERO : t == int.class ? 0 : t == boolean.class ? Boolean.FALSE
                    : null;
        }
        return args;
    }
}
