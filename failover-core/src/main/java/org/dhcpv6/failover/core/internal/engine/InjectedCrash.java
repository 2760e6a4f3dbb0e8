package org.dhcpv6.failover.core.internal.engine;

/**
 * Thrown at a {@link FaultInjector} point that was told to fail: the simulator treats it as the
 * process dying right there. Never thrown in production, where the injector is {@link FaultInjector#NONE}.
 */
public final class InjectedCrash extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient FaultInjector.Point point;

    /** A crash at {@code point}. */
    public InjectedCrash(FaultInjector.Point point) {
        super("injected crash at " + point, null, false, false);
        this.point = point;
    }

    /** Where the crash was injected. */
    public FaultInjector.Point point() {
        return point;
    }
}
