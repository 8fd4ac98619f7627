package io.cairn.node.daemon;

import io.cairn.core.multiaddr.Multiaddr;
import java.util.List;

/** One listener of a running node: the gateway, later the RPC API and the swarm. */
public interface DaemonService extends AutoCloseable {
    /** How the daemon names it on its "... listening on ADDR" line, e.g. {@code Gateway server}. */
    String name();

    /** The addresses it really listens on (with the ports the system chose for port 0). */
    List<Multiaddr> listenAddresses();

    /** Stops it; does not throw. */
    @Override
    void close();
}
