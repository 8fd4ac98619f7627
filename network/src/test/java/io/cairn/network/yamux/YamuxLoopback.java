package io.cairn.network.yamux;

import io.cairn.network.mux.MuxedConnection;
import io.cairn.network.mux.MuxedStream;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Two Yamux sessions over a real TCP connection on 127.0.0.1 (Netty NIO, no encryption), each on its own event
 * loop, plus the asynchronous read/write loops the tests and the throughput scratch run share.
 */
final class YamuxLoopback {
    final NioEventLoopGroup group = new NioEventLoopGroup(2);
    final Channel serverChannel;
    final Channel clientChannel;
    final YamuxHandler client;
    final YamuxHandler server;

    YamuxLoopback(YamuxConfig config, Consumer<MuxedStream> serverAcceptor) throws Exception {
        CompletableFuture<YamuxHandler> accepted = new CompletableFuture<>();
        serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        YamuxHandler h = new YamuxHandler(false, config);
                        h.connection().acceptStreams(serverAcceptor);
                        ch.pipeline().addLast(h);
                        accepted.complete(h);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        client = new YamuxHandler(true, config);
        client.connection().acceptStreams(MuxedStream::reset);
        clientChannel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(client)
                .connect(serverChannel.localAddress()).sync().channel();
        server = accepted.get(10, TimeUnit.SECONDS);
    }

    MuxedConnection clientConnection() {
        return client.connection();
    }

    MuxedConnection serverConnection() {
        return server.connection();
    }

    void close() throws Exception {
        clientChannel.close().sync();
        serverChannel.close().sync();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }

    /** Echoes everything it reads, one write at a time, and half-closes after the remote did. */
    static void echo(MuxedStream s) {
        s.read().whenComplete((b, err) -> {
            if (err != null) {
                return;
            }
            if (b.length == 0) {
                s.closeWrite();
            } else {
                s.write(b).whenComplete((v, werr) -> {
                    if (werr == null) {
                        echo(s);
                    }
                });
            }
        });
    }

    /** Writes {@code data} in {@code chunk}-sized writes, each after the last completed, then half-closes. */
    static CompletableFuture<Void> writeAll(MuxedStream s, byte[] data, int chunk) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writeFrom(s, data, chunk, 0, done);
        return done;
    }

    private static void writeFrom(MuxedStream s, byte[] data, int chunk, int offset, CompletableFuture<Void> done) {
        if (offset >= data.length) {
            s.closeWrite();
            done.complete(null);
            return;
        }
        int end = Math.min(data.length, offset + chunk);
        s.write(java.util.Arrays.copyOfRange(data, offset, end)).whenComplete((v, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
            } else {
                writeFrom(s, data, chunk, end, done);
            }
        });
    }

    /** Reads until end of stream; {@code onChunk} runs on the event loop after each read. */
    static CompletableFuture<byte[]> readAll(MuxedStream s, Runnable onChunk) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        readInto(s, new ByteArrayOutputStream(), onChunk, done);
        return done;
    }

    private static void readInto(MuxedStream s, ByteArrayOutputStream acc, Runnable onChunk,
                                 CompletableFuture<byte[]> done) {
        s.read().whenComplete((b, err) -> {
            if (err != null) {
                done.completeExceptionally(err);
            } else if (b.length == 0) {
                done.complete(acc.toByteArray());
            } else {
                acc.write(b, 0, b.length);
                onChunk.run();
                readInto(s, acc, onChunk, done);
            }
        });
    }
}
