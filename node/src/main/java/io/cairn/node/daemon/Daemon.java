package io.cairn.node.daemon;

import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
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
 * <p>Where the rest plugs in: the network becomes a service started before the gateway, and the gateway's
 * {@link BlockSource} becomes "store, else Bitswap" instead of the store; the RPC API becomes another service
 * (writing {@code $CAIRN_PATH/api}).
 */
public final class Daemon implements AutoCloseable {
    private final List<DaemonService> services;

    private Daemon(List<DaemonService> services) {
        this.services = services;
    }

    /** Starts the gateway the config asks for; on failure, stops those already started. */
    public static Daemon start(RepoConfig config, BlockStore store) throws IOException {
        return start(config, store, null);
    }

    /**
     * Starts every service the repository's config asks for: the RPC API (writing {@code $CAIRN_PATH/api}), then
     * the gateway, in the order Kubo prints them; on failure, stops those already started.
     */
    public static Daemon start(Repo repo, RocksStore store, String agentVersion) throws IOException {
        return start(repo.config(), store.blocks(), () -> RpcService.start(repo.config().apiAddresses(),
                new RepoRpcBackend(repo, store, agentVersion), repo.path()));
    }

    /** What starts the RPC API; a separate step so the gateway-only entry point needs no repository. */
    private interface RpcStart {
        DaemonService start() throws IOException;
    }

    private static Daemon start(RepoConfig config, BlockStore store, RpcStart rpc) throws IOException {
        List<DaemonService> started = new ArrayList<>();
        try {
            if (rpc != null) {
                started.add(rpc.start());
            }
            started.add(GatewayService.start(config.gatewayAddresses(), BlockSource.of(store), store,
                    GatewayOptions.defaults()));
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            throw e;
        }
        return new Daemon(List.copyOf(started));
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
    }

    private static void closeAll(List<DaemonService> services) {
        List<DaemonService> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        reversed.forEach(DaemonService::close);
    }
}
