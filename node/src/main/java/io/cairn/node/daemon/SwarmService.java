package io.cairn.node.daemon;

import io.cairn.core.FormatException;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiaddr.MultiaddrFormatException;
import io.cairn.core.multiaddr.Protocol;
import io.cairn.core.peer.Ed25519KeyPair;
import io.cairn.network.host.Host;
import io.cairn.network.host.HostBuilder;
import io.cairn.network.host.MemoryPeerStore;
import io.cairn.network.host.PeerStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libp2p host on each TCP address of {@code Addresses.Swarm}, with the peer store kept across restarts in
 * {@code $CAIRN_PATH/peers} and the {@code Bootstrap} peers dialed in the background at start. Addresses of
 * transports Cairn does not speak yet (QUIC, WebTransport, ...) are skipped with a warning, as a node that knows
 * only some of Kubo's transports should.
 */
public final class SwarmService implements DaemonService {
    private static final Logger LOG = LoggerFactory.getLogger(SwarmService.class);
    static final int MAX_PEERS = 10_000;

    private final Host host;
    private final PeerStoreFile peersFile;

    private SwarmService(Host host, PeerStoreFile peersFile) {
        this.host = host;
        this.peersFile = peersFile;
    }

    static SwarmService start(List<String> swarmAddresses, List<String> bootstrap, Ed25519KeyPair identity,
            String agentVersion, Path peersPath) throws IOException {
        PeerStore peers = new MemoryPeerStore(MAX_PEERS);
        PeerStoreFile file = new PeerStoreFile(peersPath);
        file.loadInto(peers);
        HostBuilder b = Host.builder(identity).agentVersion(agentVersion).peerStore(peers);
        int usable = 0;
        for (String text : swarmAddresses) {
            Multiaddr a = parse("Addresses.Swarm", text);
            if (a.components().size() == 2 && a.has(Protocol.TCP) && a.ipAddress().isPresent()) {
                b.listen(a);
                usable++;
            } else {
                LOG.warn("Addresses.Swarm: {} skipped; Cairn listens on TCP over IPv4/IPv6 only", text);
            }
        }
        if (usable == 0 && !swarmAddresses.isEmpty()) {
            throw new DaemonConfigException("Addresses.Swarm: none of " + swarmAddresses + " is a TCP address");
        }
        Host host = b.start();
        for (String text : bootstrap) {
            Multiaddr a = parse("Bootstrap", text);
            if (a.peerId().isEmpty()) {
                LOG.warn("Bootstrap: {} has no /p2p/ peer ID; skipped", text);
                continue;
            }
            host.connect(a).whenComplete((c, e) -> {
                if (e != null) {
                    LOG.info("bootstrap peer {} unreachable: {}", text, e.toString());
                }
            });
        }
        return new SwarmService(host, file);
    }

    private static Multiaddr parse(String key, String text) {
        try {
            return Multiaddr.parse(text);
        } catch (MultiaddrFormatException e) {
            throw new DaemonConfigException(key + ": " + text + " is not a multiaddr: " + e.getMessage());
        }
    }

    public Host host() {
        return host;
    }

    @Override
    public String name() {
        return "Swarm";
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return new ArrayList<>(host.listenAddresses());
    }

    @Override
    public void close() {
        try {
            peersFile.save(host.peerStore());
        } catch (IOException | FormatException e) {
            LOG.warn("could not save the peer store to {}: {}", peersFile, e.toString());
        }
        host.close();
    }
}
