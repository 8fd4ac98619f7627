package io.cairn.network.dht;

import io.cairn.core.interop.NodeInterop;
import io.cairn.core.peer.PeerId;
import io.cairn.network.testing.JsScriptProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A js-libp2p node with @libp2p/kad-dht in server mode (interop/js/kad-peer.mjs) in a child process, driven by JSON
 * lines; it listens on 127.0.0.1 only and knows no bootstrap peer.
 */
final class JsKadPeer implements AutoCloseable {
    private final JsScriptProcess process;
    final PeerId peerId;
    final String address;

    JsKadPeer(NodeInterop js, String protocol) throws IOException {
        process = new JsScriptProcess(js, "js kad-dht", m -> false, "kad-peer.mjs", protocol);
        Map<String, Object> listening = process.nextAnswer(Duration.ofSeconds(60), "listening");
        peerId = PeerId.parse((String) listening.get("peer"));
        address = (String) ((List<?>) listening.get("addrs")).get(0);
    }

    /** Sends a command and waits for its answer; an error answer fails the test. */
    Map<String, Object> call(Map<String, Object> command, Duration timeout) {
        return process.call(command, timeout);
    }

    @Override
    public void close() {
        process.close();
    }
}
