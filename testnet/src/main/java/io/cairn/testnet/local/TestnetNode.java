package io.cairn.testnet.local;

import java.nio.file.Path;

/**
 * One running daemon of a testnet, as {@code nodes.tsv} records it.
 *
 * @param name    node1, node2, ...; node1 is the seed
 * @param pid     the daemon's process ID
 * @param peerId  its peer ID (base58)
 * @param swarm   its swarm listen address, without /p2p
 * @param api     its RPC API multiaddress
 * @param gateway its gateway base URL, {@code http://127.0.0.1:PORT}
 * @param repo    its repository directory
 */
public record TestnetNode(String name, long pid, String peerId, String swarm, String api, String gateway,
        Path repo) {

    /** The address others bootstrap from. */
    public String dialAddress() {
        return swarm + "/p2p/" + peerId;
    }
}
