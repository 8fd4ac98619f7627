package io.cairn.node.daemon;

import io.cairn.core.multiaddr.Multiaddr;
import io.cairn.core.multiaddr.Protocol;
import io.cairn.gateway.rpc.RpcBackend;
import io.cairn.gateway.rpc.RpcServer;
import io.cairn.node.rpc.ApiFile;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC API on each address of {@code Addresses.API}, and {@code $CAIRN_PATH/api} naming the first of them for
 * the command line; the file is deleted when the service closes.
 */
final class RpcService implements DaemonService {
    private static final Logger LOG = LoggerFactory.getLogger(RpcService.class);

    private static final int RPC_THREADS = 16;

    private final List<RpcServer> servers;
    private final Path repoDir;

    private RpcService(List<RpcServer> servers, Path repoDir) {
        this.servers = servers;
        this.repoDir = repoDir;
    }

    /** {@code metrics}: counted into and served at {@code /debug/metrics/prometheus}; null for none. */
    static RpcService start(List<String> addresses, RpcBackend backend, Path repoDir,
            PrometheusMeterRegistry metrics) throws IOException {
        List<RpcServer> servers = new ArrayList<>();
        try {
            for (String text : addresses) {
                servers.add(RpcServer.start(GatewayService.socketAddress("Addresses.API", text), backend,
                        RPC_THREADS, metrics));
            }
            RpcService service = new RpcService(servers, repoDir);
            if (!servers.isEmpty()) {
                ApiFile.write(repoDir, service.listenAddresses().get(0));
            }
            return service;
        } catch (IOException | RuntimeException e) {
            servers.forEach(RpcServer::close);
            throw e;
        }
    }

    @Override
    public String name() {
        return "RPC API server";
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        List<Multiaddr> out = new ArrayList<>();
        for (RpcServer s : servers) {
            out.add(Multiaddr.fromSocketAddress(s.localAddress(), Protocol.TCP));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            ApiFile.delete(repoDir);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", repoDir.resolve(ApiFile.NAME), e.toString());
        }
        servers.forEach(RpcServer::close);
    }
}
