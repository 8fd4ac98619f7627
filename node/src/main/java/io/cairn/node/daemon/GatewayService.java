package io.cairn.node.daemon;

import io.cairn.core.block.BlockSource;
import io.cairn.core.block.BlockStore;
import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiaddr.MultiaddrFormatException;
import io.cairn.core.multiaddr.Protocol;
import io.cairn.gateway.GatewayOptions;
import io.cairn.gateway.GatewayServer;
import io.cairn.gateway.LocalBlocks;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP gateway on each address of {@code Addresses.Gateway}. Reads go through one {@link BlockSource}; today it
 * is the local store, and once the network lands it is a source that falls back to Bitswap, with the store still
 * answering {@code only-if-cached}.
 */
final class GatewayService implements DaemonService {
    private final List<GatewayServer> servers;

    private GatewayService(List<GatewayServer> servers) {
        this.servers = servers;
    }

    /** {@code metrics}: what the gateways count into; null for none. */
    static GatewayService start(List<String> addresses, BlockSource source, BlockStore local, GatewayOptions options,
            MeterRegistry metrics) throws IOException {
        List<GatewayServer> servers = new ArrayList<>();
        try {
            for (String text : addresses) {
                InetSocketAddress address = socketAddress("Addresses.Gateway", text);
                servers.add(metrics == null
                        ? GatewayServer.start(address, source, LocalBlocks.of(local), options)
                        : GatewayServer.start(address, source, LocalBlocks.of(local), options, metrics));
            }
        } catch (IOException | RuntimeException e) {
            servers.forEach(GatewayServer::close);
            throw e;
        }
        return new GatewayService(servers);
    }

    /** {@code /ip4/A/tcp/P} or {@code /ip6/A/tcp/P}; anything else is a config error naming {@code key}. */
    static InetSocketAddress socketAddress(String key, String text) {
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(text);
        } catch (MultiaddrFormatException e) {
            throw new DaemonConfigException(key + ": " + text + " is not a multiaddr: " + e.getMessage());
        }
        if (addr.components().size() != 2 || !addr.has(Protocol.TCP) || addr.ipAddress().isEmpty()) {
            throw new DaemonConfigException(key + ": " + text + " is not /ip4/ADDR/tcp/PORT or "
                    + "/ip6/ADDR/tcp/PORT");
        }
        return addr.toSocketAddress().orElseThrow(() ->
                new DaemonConfigException(key + ": cannot listen on " + text));
    }

    @Override
    public String name() {
        return "Gateway server";
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        List<Multiaddr> out = new ArrayList<>();
        for (GatewayServer s : servers) {
            out.add(Multiaddr.fromSocketAddress(s.localAddress(), Protocol.TCP));
        }
        return out;
    }

    @Override
    public void close() {
        servers.forEach(GatewayServer::close);
    }
}
