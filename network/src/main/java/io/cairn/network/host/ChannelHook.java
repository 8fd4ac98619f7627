package io.cairn.network.host;

import io.netty.channel.Channel;

/**
 * Sees every TCP channel of a host, inbound and outbound, before any protocol byte is read or written: its handlers,
 * added with {@code ch.pipeline().addLast(...)}, sit under multistream-select and Noise, on the raw bytes. For
 * test networks that inject faults (latency, resets, partitions); a production host has none.
 */
@FunctionalInterface
public interface ChannelHook {
    /**
     * Called on the channel's event loop as it is initialised (outbound: before it connects; inbound: once
     * accepted and admitted). Must not block; may close the channel to refuse it.
     */
    void initChannel(Channel ch, boolean outbound);
}
