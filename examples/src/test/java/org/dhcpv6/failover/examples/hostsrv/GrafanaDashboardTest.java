package org.dhcpv6.failover.examples.hostsrv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhcpv6.failover.api.LeaseDecision;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.api.ServerState;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard asks only for series the Prometheus endpoint writes. */
class GrafanaDashboardTest {

    private static final Pattern NAME = Pattern.compile("dhcpv6_failover_[a-z_]+");

    @Test
    void everyMetricTheDashboardUsesIsExported() throws Exception {
        String dashboard = Files.readString(Path.of("grafana/dhcpv6-failover-dashboard.json"));
        RelationshipMetrics m = new RelationshipMetrics("r", ServerState.NORMAL, ServerState.NORMAL, Duration.ofSeconds(5),
                true, Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(100),
                Map.of("BNDUPD", 3L), Map.of("BNDUPD", 2L), 3, Map.of(19, 1L), Map.of(17, 1L), 1, 1,
                Duration.ofSeconds(2), 1, Map.of("transport_closed", 1L), 2, 2,
                Map.of(LeaseDecision.Outcome.GRANTED, 4L), List.of(1L, 0L, 0L, 0L, 0L, 0L, 0L), Duration.ofMillis(1),
                true, List.of());
        String text = PrometheusText.render(List.of(m), name -> Optional.of(new StatusJson.BindingCounts(4, 3)));
        Set<String> exported = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#")) {
                Matcher n = NAME.matcher(line);
                assertTrue(n.lookingAt(), line);
                exported.add(n.group());
            }
        }
        Matcher used = NAME.matcher(dashboard);
        int count = 0;
        while (used.find()) {
            count++;
            assertTrue(exported.contains(used.group()), used.group() + " is not exported; exported: " + exported);
        }
        assertTrue(count >= 15, "the dashboard queries " + count + " series");
    }
}
