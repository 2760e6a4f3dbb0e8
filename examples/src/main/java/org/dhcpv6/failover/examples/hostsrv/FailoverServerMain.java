package org.dhcpv6.failover.examples.hostsrv;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example DHCPv6 server's command line: {@code run} (the default), {@code status},
 * {@code partner-down} and {@code gen-certs}. Exit status 0 on success, 1 when the command
 * failed, 2 for a usage error.
 */
public final class FailoverServerMain {

    static final String USAGE = String.join("\n",
            "usage: failover-server [run] --config FILE      run the server until SIGTERM/SIGINT",
            "       failover-server status --config FILE [--json]  one line per relationship of the running server",
            "                                                  (--json: one JSON object, for scripts)",
            "       failover-server partner-down --config FILE  tell the running server its partner is down",
            "       failover-server gen-certs --dir DIR --names a.example,b.example   demo CA and certificates");

    private static final Logger LOG = LoggerFactory.getLogger(FailoverServerMain.class);
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "run", Set.of("--config"), "status", Set.of("--config"), "partner-down", Set.of("--config"),
            "gen-certs", Set.of("--dir", "--names"));
    /** Options that take no value. */
    private static final Map<String, Set<String>> FLAGS = Map.of("status", Set.of("--json"));

    private FailoverServerMain() {
    }

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /**
     * Runs one command. {@code run} blocks until the JVM shuts down or the calling thread is
     * interrupted, then stops the server and returns.
     *
     * @return the exit status: 0 success, 1 failure, 2 usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        String command = list.isEmpty() || list.get(0).startsWith("-") ? "run" : list.get(0);
        List<String> rest = list.isEmpty() || list.get(0).startsWith("-") ? list : list.subList(1, list.size());
        if (command.equals("help") || rest.contains("--help") || rest.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        Map<String, String> opts;
        try {
            opts = options(command, rest);
        } catch (UsageException e) {
            err.println("failover-server: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return switch (command) {
                case "gen-certs" -> genCerts(opts, out, err);
                case "status", "partner-down" -> control(opts.containsKey("--json") ? "status-json" : command,
                        ServerConfig.load(Path.of(opts.get("--config"))), out, err);
                default -> serve(ServerConfig.load(Path.of(opts.get("--config"))));
            };
        } catch (ConfigException e) {
            err.println("failover-server: configuration error: " + e.getMessage());
            return 1;
        } catch (StartupException e) {
            err.println("failover-server: cannot start: " + e.getMessage());
            return 1;
        }
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static Map<String, String> options(String command, List<String> args) throws UsageException {
        Set<String> allowed = OPTIONS.get(command);
        if (allowed == null) {
            throw new UsageException("unknown command '" + command + "'");
        }
        Set<String> flags = FLAGS.getOrDefault(command, Set.of());
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (flags.contains(a)) {
                if (out.put(a, "true") != null) {
                    throw new UsageException(command + ": " + a + " given twice");
                }
                continue;
            }
            if (!allowed.contains(a)) {
                throw new UsageException(command + ": unknown argument '" + a + "'");
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new UsageException(command + ": " + a + " needs a value");
            }
            if (out.put(a, args.get(++i)) != null) {
                throw new UsageException(command + ": " + a + " given twice");
            }
        }
        for (String required : allowed) {
            if (!out.containsKey(required)) {
                throw new UsageException(command + ": " + required + " is required");
            }
        }
        return out;
    }

    private static int genCerts(Map<String, String> opts, PrintStream out, PrintStream err) {
        List<String> names = Arrays.stream(opts.get("--names").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        try {
            for (Path p : CertGenerator.generate(Path.of(opts.get("--dir")), names)) {
                out.println("wrote " + p);
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("failover-server: gen-certs failed: " + e.getMessage());
            return 1;
        }
    }

    private static int control(String command, ServerConfig config, PrintStream out, PrintStream err) {
        List<String> lines;
        try {
            lines = ControlClient.send(config.controlSocket(), command);
        } catch (IOException e) {
            err.println("failover-server: no server answers on " + config.controlSocket() + " (" + e.getMessage()
                    + "); is it running with this configuration?");
            return 1;
        }
        lines.forEach(out::println);
        return lines.stream().anyMatch(l -> l.startsWith(ControlHandler.ERROR)) ? 1 : 0;
    }

    /**
     * Starts the server and waits. SIGTERM and SIGINT run the shutdown hook, which closes the
     * server (DHCP socket first, then DISCONNECT to the partner); interrupting the calling thread
     * does the same without the JVM exiting, which is how tests stop it.
     */
    private static int serve(ServerConfig config) throws StartupException {
        HostServer server = HostServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            LOG.info("shutting down");
            server.close();
            stopped.countDown();
        }, "failover-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                LOG.debug("JVM already shutting down");
            }
            server.close();
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
