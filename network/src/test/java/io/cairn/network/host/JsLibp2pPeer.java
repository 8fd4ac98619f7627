package io.cairn.network.host;

import io.cairn.core.interop.NodeInterop;
import io.cairn.network.testing.JsScriptProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A js-libp2p node (interop/js/libp2p-peer.mjs) in a child process, driven by JSON lines. It listens on 127.0.0.1
 * only. Identify events it prints are kept apart from command answers, so a test can check both.
 */
final class JsLibp2pPeer implements AutoCloseable {
    private final JsScriptProcess process;
    final String peerId;
    final String address;

    JsLibp2pPeer(NodeInterop js) throws IOException {
        process = new JsScriptProcess(js, "js-libp2p", m -> "identify".equals(m.get("event")), "libp2p-peer.mjs");
        Map<String, Object> listening = process.nextAnswer(Duration.ofSeconds(60), "listening");
        peerId = (String) listening.get("peer");
        address = (String) ((List<?>) listening.get("addrs")).get(0);
    }

    /** Sends a command and waits for its answer; an error answer fails the test. */
    Map<String, Object> call(Map<String, Object> command, Duration timeout) {
        return process.call(command, timeout);
    }

    /** The next identify result the JS node logged (what it learned about a peer). */
    Map<String, Object> nextIdentify(Duration timeout) {
        return process.nextEvent(timeout, "identify");
    }

    @Override
    public void close() {
        process.close();
    }
}
