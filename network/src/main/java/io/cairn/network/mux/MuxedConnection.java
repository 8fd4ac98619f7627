package io.cairn.network.mux;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A connection carrying many {@link MuxedStream}s. Thread-safe; callbacks run on the connection's event loop. */
public interface MuxedConnection {
    /** Opens a new outbound stream; fails if the connection is closed or going away. */
    CompletableFuture<MuxedStream> openStream();

    /**
     * Sets who receives streams the remote opens; called once before the connection starts reading. Streams that
     * arrive while no acceptor is set are reset.
     */
    void acceptStreams(Consumer<MuxedStream> acceptor);

    /** Closes the connection (go-away, then the channel); every open stream is reset. Idempotent. */
    void close();

    /** Completes when the connection is closed, for whatever reason; never fails. */
    CompletableFuture<Void> closeFuture();

    /** Whether the connection is open and not going away. */
    boolean isOpen();
}
