package io.cairn.node.cli;

import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cairn daemon}: runs the node until SIGINT or SIGTERM. It holds the repository (and its lock) for its whole
 * life, prints one line per listener and then {@code Daemon is ready}, as Kubo does.
 *
 * <p>Shutdown: the JVM runs shutdown hooks on a signal and halts when they return, so the hook only wakes the
 * command's thread and waits (bounded) for it to finish; that thread closes the services, then the store (flushing
 * it), then releases the lock, in this order, whatever woke it.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Run a node: the swarm (libp2p, Bitswap), the RPC API and the HTTP gateway, until interrupted"
                + " (Kubo's `ipfs daemon`).")
final class DaemonCommand implements Callable<Integer> {
    /** How long a signal waits for the store to close before the JVM halts anyway. */
    private static final long SHUTDOWN_WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOption repoOption;

    @picocli.CommandLine.Option(names = "--offline",
            description = "Run without the swarm: serve only what the repository holds.")
    boolean offline;

    @Override
    public Integer call() throws IOException {
        Invocation io = CairnCommand.invocation(spec);
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cairn-daemon-shutdown");
        try (RepoHandle repo = RepoHandle.open(io, repoOption)) {
            Daemon daemon;
            try {
                daemon = Daemon.start(repo.repo(), repo.store(), IdCommand.agentVersion(), !offline);
            } catch (DaemonConfigException e) {
                throw new UserException(e.getMessage());
            }
            try (daemon) {
                PrintWriter out = io.out();
                for (String line : daemon.listenerLines()) {
                    out.println(line);
                }
                out.println("Daemon is ready");
                out.flush();
                Runtime.getRuntime().addShutdownHook(hook);
                stopRequested.await();
                out.println("Received interrupt signal, shutting down...");
                out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it is waiting for `stopped`, which is now counted down.
            }
        }
        return CairnMain.EXIT_OK;
    }
}
