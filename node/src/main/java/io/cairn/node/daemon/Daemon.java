package io.cairn.node.daemon;

import io.cairn.core.block.BlockSource;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.gateway.GatewayOptions;
import io.cairn.node.rpc.RepoRpcBackend;
import io.cairn.storage.repo.Repo;
import io.cairn.storage.repo.RepoConfig;
import io.cairn.storage.rocks.RocksStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A running node built from a repository's config: its services in start order. It does not own the store (the
 * command that opened the repository closes it after the daemon) so that shutdown is: services, then store, then
 * the repository lock.
 *
 * <p>Services, in start order: the swarm (host, Bitswap), the RPC API (writing {@code $CAIRN_PATH/api}), the
 * gateway. The gateway's and the API's {@link BlockSource} is "store, else Bitswap" when the swarm runs.
 *
 * <p>Metrics: one registry ({@link DaemonMetrics}) for the whole node; the services count into it and the RPC API
 * serves it at {@code /debug/metrics/prometheus}, as Kubo does.
 */
public final class Daemon implements AutoCloseable {
    private final List<DaemonService> services;
    private final DaemonMetrics metrics;

    private Daemon(List<DaemonService> services, DaemonMetrics metrics) {
        this.services = services;
        this.metrics = metrics;
    }

    /** Starts every service the repository's config asks for, the swarm included. */
    public static Daemon start(Repo repo, RocksStore store, String agentVersion) throws IOException {
        return start(repo, store, agentVersion, true);
    }

    /**
     * Starts the swarm (unless {@code online} is false, Kubo's {@code --offline}), the RPC API (writing
     * {@code $CAIRN_PATH/api}), then the gateway, in the order Kubo prints them; on failure, stops those already
     * started. With the swarm, reads and pins fetch missing blocks from peers.
     */
    public static Daemon start(Repo repo, RocksStore store, String agentVersion, boolean online) throws IOException {
        RepoConfig config = repo.config();
        List<DaemonService> started = new ArrayList<>();
        DaemonMetrics metrics = new DaemonMetrics();
        try {
            SwarmService swarm = null;
            if (online) {
                swarm = SwarmService.start(SwarmService.Options.of(config), repo.identity(), agentVersion,
                        repo.path().resolve("peers"), store.blocks());
                started.add(swarm);
                swarm.bindMetrics(metrics.registry());
            }
            started.add(RpcService.start(config.apiAddresses(), new RepoRpcBackend(repo, store, agentVersion, swarm),
                    repo.path(), metrics.registry()));
            BlockSource reads = swarm != null ? swarm.blockSource() : BlockSource.of(store.blocks());
            started.add(GatewayService.start(config.gatewayAddresses(), reads, store.blocks(),
                    GatewayOptions.defaults(), metrics.registry()));
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            metrics.close();
            throw e;
        }
        return new Daemon(List.copyOf(started), metrics);
    }

    /** One line per listen address, as Kubo prints them: {@code Gateway server listening on /ip4/.../tcp/...}. */
    public List<String> listenerLines() {
        List<String> lines = new ArrayList<>();
        for (DaemonService s : services) {
            for (Multiaddr a : s.listenAddresses()) {
                lines.add(s.name() + " listening on " + a);
            }
        }
        return lines;
    }

    public List<DaemonService> services() {
        return services;
    }

    /** Stops the services, last started first. */
    @Override
    public void close() {
        closeAll(services);
        metrics.close();
    }

    private static void closeAll(List<DaemonService> services) {
        List<DaemonService> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        reversed.forEach(DaemonService::close);
    }
}
