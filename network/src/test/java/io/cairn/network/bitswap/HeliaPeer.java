package io.cairn.network.bitswap;

import io.cairn.core.interop.NodeInterop;
import io.cairn.network.testing.JsScriptProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Helia node (interop/js/helia-peer.mjs: js-libp2p on 127.0.0.1 with Helia's light constructor, Bitswap and
 * @helia/unixfs, blocks in memory) in a child process, driven by JSON lines. One command at a time.
 */
final class HeliaPeer implements AutoCloseable {
    private final JsScriptProcess process;
    final String peerId;
    /** Its listen address with its peer ID, for example {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3...}. */
    final String address;

    HeliaPeer(NodeInterop js) throws IOException {
        process = new JsScriptProcess(js, "helia", m -> false, "helia-peer.mjs");
        Map<String, Object> listening = process.nextAnswer(Duration.ofSeconds(60), "listening");
        peerId = (String) listening.get("peer");
        address = (String) ((List<?>) listening.get("addrs")).get(0);
    }

    /** Sends a command and waits for its answer; an error answer fails the test with Helia's stderr. */
    Map<String, Object> call(Map<String, Object> command, Duration timeout) {
        return process.call(command, timeout);
    }

    @Override
    public void close() {
        process.close();
    }
}
