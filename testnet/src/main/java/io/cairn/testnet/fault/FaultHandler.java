package io.cairn.testnet.fault;

import io.cairn.core.peer.PeerId;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The fault layer on one raw TCP channel, the first handler of its pipeline (under multistream-select and Noise).
 *
 * <p>Every field is confined to the channel's event loop. Delayed writes wait in {@code pending} in order, each due
 * no earlier than the one before it, and one scheduled drain at a time writes those that are due. A close asked for
 * while writes wait is held until they are written, so a peer's last message is not lost to the latency. Every
 * buffer still waiting when the handler goes (channel closed, event loop shut down) is released.
 */
final class FaultHandler extends ChannelDuplexHandler {
    private final FaultNetwork network;
    private final PeerId self;
    private final boolean outbound;
    private final SplittableRandom random;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private PeerId remote;
    private long lastDue;
    private boolean drainScheduled;
    private ChannelPromise heldClose;

    private record Pending(Object msg, ChannelPromise promise, long due) { }

    FaultHandler(FaultNetwork network, PeerId self, boolean outbound, SplittableRandom random) {
        this.network = network;
        this.self = self;
        this.outbound = outbound;
        this.random = random;
    }

    PeerId self() {
        return self;
    }

    /** The peer at the other end, once known: from its listen address (outbound) or its dialing endpoint. */
    PeerId remote() {
        if (remote == null && ctx != null && ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            remote = network.peerAt(a);
        }
        return remote;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (outbound && ctx.channel().localAddress() instanceof InetSocketAddress local) {
            network.dialedFrom(local, self);
        }
        network.opened(this);
        PeerId r = remote();
        if (r != null && network.plan().separates(self, r)) {
            network.countRefused();
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        network.closed(this, outbound ? (InetSocketAddress) ctx.channel().localAddress() : null);
        super.channelInactive(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        FaultPlan plan = network.plan();
        PeerId r = remote();
        if (r != null && plan.separates(self, r)) {
            network.countPartitionDrops();
            fail(msg, promise);
            sever();
            return;
        }
        if (plan.resetRate() > 0 && random.nextDouble() < plan.resetRate()) {
            network.countReset();
            fail(msg, promise);
            sever();
            return;
        }
        long delay = plan.latency().toNanos();
        if (!plan.jitter().isZero()) {
            delay += random.nextLong(plan.jitter().toNanos() + 1);
        }
        if (plan.lossRate() > 0 && random.nextDouble() < plan.lossRate()) {
            network.countRetransmit();
            delay += plan.retransmitDelay().toNanos();
        }
        if (delay == 0 && pending.isEmpty()) {
            ctx.write(msg, promise);
            return;
        }
        network.countDelayed();
        long due = Math.max(System.nanoTime() + delay, lastDue);
        lastDue = due;
        pending.add(new Pending(msg, promise, due));
        scheduleDrain();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (pending.isEmpty()) {
            ctx.flush();
        }
        // otherwise the drain flushes what it writes
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (pending.isEmpty()) {
            ctx.close(promise);
        } else if (heldClose == null) {
            heldClose = promise;
        } else {
            heldClose.addListener(f -> promise.trySuccess());
        }
    }

    private void scheduleDrain() {
        if (drainScheduled || pending.isEmpty()) {
            return;
        }
        drainScheduled = true;
        long wait = Math.max(0, pending.peek().due() - System.nanoTime());
        ctx.executor().schedule(this::drain, wait, TimeUnit.NANOSECONDS);
    }

    private void drain() {
        drainScheduled = false;
        long now = System.nanoTime();
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().due() <= now) {
            Pending p = pending.poll();
            ctx.write(p.msg(), p.promise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (pending.isEmpty() && heldClose != null) {
            ChannelPromise c = heldClose;
            heldClose = null;
            ctx.close(c);
        }
        scheduleDrain();
    }

    /**
     * Severs the connection from any thread; the future completes once the channel's close listeners ran (a task
     * queued on the loop after the close). Already done when the loop is shutting down: it closes its channels.
     */
    Future<?> severAndSync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (ctx == null || ctx.executor().isShuttingDown()) {
            done.complete(null);
            return done;
        }
        EventExecutor loop = ctx.executor();
        try {
            loop.execute(() -> {
                sever();
                loop.execute(() -> done.complete(null));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.complete(null); // the loop began shutting down since the check: it closes the channel itself
        }
        return done;
    }

    /** Closes the connection at once, dropping what waits: a reset or a partition (event loop only). */
    void sever() {
        releasePending();
        ChannelPromise c = heldClose;
        heldClose = null;
        if (c != null) {
            ctx.close(c);
        } else {
            ctx.close();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePending();
    }

    private void releasePending() {
        Pending p;
        while ((p = pending.poll()) != null) {
            fail(p.msg(), p.promise());
        }
    }

    private static void fail(Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.tryFailure(new ClosedChannelException());
    }
}
