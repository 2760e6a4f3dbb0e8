package org.dhcpv6.failover.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dhcpv6.failover.api.ClockSource;
import org.dhcpv6.failover.examples.hostsrv.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's configuration files and its reading of {@code status} answers. */
class DemoPartsTest {

    @Test
    void theDemoConfigurationsAreValidServerConfigurations(@TempDir Path dir) throws Exception {
        DemoSetup setup = DemoSetup.create(dir);
        ServerConfig primary = ServerConfig.load(setup.primaryConfig());
        ServerConfig secondary = ServerConfig.load(setup.secondaryConfig());
        assertTrue(primary.failoverEnabled() && !primary.insecurePlaintext(), "TLS failover, secure by default");
        assertTrue(secondary.failoverEnabled() && !secondary.insecurePlaintext());
        assertEquals(setup.primaryDhcp(), primary.dhcpListen());
        assertEquals(setup.secondaryDhcp(), secondary.dhcpListen());
        assertEquals(setup.controlSocket("primary"), primary.controlSocket());
        assertEquals(setup.validSeconds(), primary.lifetimes().validSeconds());
    }

    @Test
    void aStatusAnswerGivesStateAndBindingCounts() {
        ServerProcess.Status s = ServerProcess.parse(List.of(
                "dhcp /[0:0:0:0:0:0:0:1]:15548, server DUID 00045be7",
                "failover relationship 'demo' as secondary, partner /[0:0:0:0:0:0:0:1]:647",
                "demo SECONDARY COMMUNICATIONS-INTERRUPTED since 2026-11-25T16:00:17.83Z, partner NORMAL (not connected),"
                        + " skew -320 ms, clients responsive, 600 bindings (598 active)"));
        assertEquals(new ServerProcess.Status("COMMUNICATIONS-INTERRUPTED", "NORMAL", 600, 598, -320), s);
    }

    @Test
    void aSkewDemoSetsOnlyTheSecondarysClockAheadAndDrifting(@TempDir Path dir) throws Exception {
        DemoSetup setup = DemoSetup.create(dir, Duration.ofHours(3));
        ServerConfig primary = ServerConfig.load(setup.primaryConfig());
        ServerConfig secondary = ServerConfig.load(setup.secondaryConfig());
        assertSame(ClockSource.SYSTEM, primary.clock());
        long ahead = Duration.between(Instant.now(), secondary.clock().wallTime()).toSeconds();
        assertTrue(ahead >= 3 * 3600 - 1 && ahead <= 3 * 3600 + 1, "secondary clock ahead by " + ahead + " s");
        assertTrue(secondary.clock().toString().contains("drift " + DemoSetup.SKEW_DRIFT_PPM + " ppm"),
                secondary.clock().toString());
    }

    @Test
    void noRelationshipLineMeansDown() {
        assertEquals(ServerProcess.Status.DOWN, ServerProcess.parse(List.of("error: something")));
    }
}
