package io.cairn.gateway;

import io.cairn.core.block.BlockSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP gateway: {@code GET}/{@code HEAD /ipfs/{cid}[/path]} as the path gateway and the trustless gateway
 * serve them, on Netty. Start it with {@link #start}, ask it where it listens, close it.
 *
 * <p>Threads: a boss and a few event-loop threads do the socket work, and answer a request themselves when every
 * block it needs is in the responder's small-block cache (filled by the workers' reads) and its body is small (see
 * {@link GatewayHandler}): memory only, never the store or the network. Everything else that may block (larger files,
 * listings, waiting for the network) runs on a fixed pool of {@link GatewayOptions#workerThreads()} threads. At most
 * {@link GatewayOptions#maxConcurrentRequests()} requests are in flight; each holds at most one task in the pool's
 * queue at a time, so the queue's bound is never the limit that bites.
 */
public final class GatewayServer implements Closeable {
    /** What every connection's handler shares. */
    static final class Shared {
        final GatewayOptions options;
        final GatewayResponder responder;
        final ThreadPoolExecutor executor;
        final Semaphore permits;
        final GatewayMetrics metrics;

        Shared(GatewayOptions options, GatewayResponder responder, ThreadPoolExecutor executor,
                GatewayMetrics metrics) {
            this.options = options;
            this.responder = responder;
            this.executor = executor;
            this.permits = new Semaphore(options.maxConcurrentRequests());
            this.metrics = metrics;
        }
    }

    /** Threads reading multi-block files ahead of the workers that send them. */
    private static final int READ_AHEAD_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ThreadPoolExecutor executor;
    private final ThreadPoolExecutor readAhead;
    private final ChannelGroup channels;
    private final Channel serverChannel;
    private boolean closed;

    private GatewayServer(EventLoopGroup boss, EventLoopGroup workers, ThreadPoolExecutor executor,
            ThreadPoolExecutor readAhead, ChannelGroup channels, Channel serverChannel) {
        this.boss = boss;
        this.workers = workers;
        this.executor = executor;
        this.readAhead = readAhead;
        this.channels = channels;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds {@code address} (port 0: a free port) and starts serving.
     *
     * @param source where every block is read from: a local store, or one that falls back to the network (whose
     *     transient failures are {@link RetrievalFailedException}s)
     * @param local what is held locally, for {@code Cache-Control: only-if-cached}
     */
    public static GatewayServer start(InetSocketAddress address, BlockSource source, LocalBlocks local,
            GatewayOptions options) throws IOException {
        return start(address, source, local, options, GatewayMetrics.NONE);
    }

    /**
     * As {@link #start(InetSocketAddress, BlockSource, LocalBlocks, GatewayOptions)}, counting requests, response
     * bytes and latency into {@code registry} ({@code cairn_gateway_*}; see {@link GatewayMetrics}).
     */
    public static GatewayServer start(InetSocketAddress address, BlockSource source, LocalBlocks local,
            GatewayOptions options, MeterRegistry registry) throws IOException {
        return start(address, source, local, options, GatewayMetrics.of(Objects.requireNonNull(registry, "registry")));
    }

    private static GatewayServer start(InetSocketAddress address, BlockSource source, LocalBlocks local,
            GatewayOptions options, GatewayMetrics metrics) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(options, "options");
        BlockSource reads = BlockSources.withIdentity(BlockSources.withTimeout(source, options.retrievalTimeout()));
        ThreadPoolExecutor executor = new ThreadPoolExecutor(options.workerThreads(), options.workerThreads(),
                60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(options.maxConcurrentRequests() + 64),
                new DefaultThreadFactory("cairn-gateway-worker", true));
        // Reading ahead for multi-block files: at most maxConcurrentRequests streams, each with a bounded lookahead
        // of pending reads, so the unbounded queue is bounded by those.
        ThreadPoolExecutor readAhead = new ThreadPoolExecutor(READ_AHEAD_THREADS, READ_AHEAD_THREADS, 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("cairn-gateway-read", true));
        Shared shared = new Shared(options, new GatewayResponder(reads, local, readAhead), executor, metrics);
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("cairn-gateway-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory("cairn-gateway-io", true));
        ChannelGroup channels = new DefaultChannelGroup("cairn-gateway", GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 512)
                // Unwritable past 1 MiB queued, writable again under 512 KiB: with 512 KiB / 256 KiB the pump parked
                // and was woken for every 256 KiB chunk, and a 1 GiB stream ran 10-20% slower (1.23-1.38 against
                // 1.37-1.58 GB/s, bench/README.md); a stalled client holds at most 1 MiB plus one chunk.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0,
                                        options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast("http", new HttpServerCodec(options.maxInitialLineLength(),
                                        options.maxHeaderSize(), Exchange.CHUNK))
                                .addLast("gateway", new GatewayHandler(shared));
                    }
                });
        try {
            Channel server = bootstrap.bind(address).sync().channel();
            return new GatewayServer(boss, workers, executor, readAhead, channels, server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown(boss, workers, executor, readAhead);
            throw new InterruptedIOException("interrupted while binding " + address);
        } catch (Exception e) {        // Netty rethrows the bind failure (a checked BindException) undeclared
            shutdown(boss, workers, executor, readAhead);
            if (e instanceof IOException) {
                throw (IOException) e;
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new IOException("could not bind " + address + ": " + e.getMessage(), e);
        }
    }

    /** Where the server listens, with the real port when it was started on port 0. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return localAddress().getPort();
    }

    /** Stops accepting, closes every connection (stopping their work) and the threads; waits up to a few seconds. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        serverChannel.close().awaitUninterruptibly();
        channels.close().awaitUninterruptibly();
        shutdown(boss, workers, executor, readAhead);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers, ThreadPoolExecutor executor,
            ThreadPoolExecutor readAhead) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        executor.shutdownNow();
        readAhead.shutdownNow();
        boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
