package io.cairn.node.cli;

import io.cairn.node.rpc.RpcClient;
import java.util.Optional;

/**
 * The one place that decides whether a command runs on the repository or through a running daemon: when
 * {@code <repo>/api} names an address that accepts a connection, the daemon holds the repository (and its lock),
 * so the command goes through its RPC API ({@link RemoteCommands}); otherwise, including a stale file left by a
 * daemon that died, it runs locally without a word about it.
 */
final class DaemonApi {
    private DaemonApi() {}

    static Optional<RpcClient> find(RepoOption location) {
        return RpcClient.find(location.path());
    }
}
