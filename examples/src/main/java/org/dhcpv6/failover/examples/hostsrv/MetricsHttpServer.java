package org.dhcpv6.failover.examples.hostsrv;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.dhcpv6.failover.api.RelationshipMetrics;
import org.dhcpv6.failover.core.runtime.FailoverServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus scrape endpoint of the example server ({@code metrics.listen}): {@code GET /metrics}
 * answers {@link PrometheusText} for every relationship, on the JDK's own HTTP server and one
 * thread, so a slow scraper cannot take more. Anything else is 404 (405 for other methods on
 * {@code /metrics}); an event loop that does not answer in time gives 503.
 */
public final class MetricsHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHttpServer.class);

    private final HttpServer http;
    private final ExecutorService thread;

    private MetricsHttpServer(HttpServer http, ExecutorService thread) {
        this.http = http;
        this.thread = thread;
    }

    /**
     * Binds {@code address} and starts answering.
     *
     * @param counts binding counts per relationship, empty when the store cannot say
     * @throws IOException if the address cannot be bound
     */
    public static MetricsHttpServer start(InetSocketAddress address, FailoverServer failover,
            Function<String, Optional<StatusJson.BindingCounts>> counts) throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(thread);
        http.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange, failover, counts);
            } catch (IOException | RuntimeException e) {
                LOG.debug("metrics request: {}", e.toString());
            }
        });
        http.start();
        LOG.info("Prometheus metrics on http://{}/metrics", address);
        return new MetricsHttpServer(http, thread);
    }

    /** Where it listens (the bound port when 0 was asked for). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    private static void answer(HttpExchange exchange, FailoverServer failover,
            Function<String, Optional<StatusJson.BindingCounts>> counts) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/metrics")) {
            send(exchange, 404, "not found; metrics are at /metrics\n");
            return;
        }
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "use GET\n");
            return;
        }
        List<RelationshipMetrics> all = new ArrayList<>();
        try {
            for (String name : failover.relationships()) {
                all.add(failover.metrics(name));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "interrupted\n");
            return;
        } catch (IllegalStateException e) {
            send(exchange, 503, "the failover event loop did not answer: " + e.getMessage() + "\n");
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        send(exchange, 200, PrometheusText.render(all, counts));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops answering and releases the port. */
    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
    }
}
