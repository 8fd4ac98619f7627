/**
 * The HTTP front end of a node: the path gateway and the trustless gateway (ipfs/specs {@code path-gateway.md} and
 * {@code trustless-gateway.md}) on Netty; the Kubo-compatible RPC API joins it later. Public: {@link
 * io.cairn.gateway.GatewayServer} (start, port, close), its {@link io.cairn.gateway.GatewayOptions}, the {@link
 * io.cairn.gateway.LocalBlocks} check behind {@code Cache-Control: only-if-cached}, and the two failures a
 * network-backed {@link io.cairn.core.block.BlockSource} raises ({@link io.cairn.gateway.RetrievalFailedException},
 * {@link io.cairn.gateway.RetrievalTimeoutException}).
 *
 * <p>It sees storage and the network only through the ports in {@code io.cairn.core.block}: every read goes through
 * one {@code BlockSource}, so a source that falls back to the network plugs in without change here. Blocking reads
 * run on a bounded executor, never on an event loop; bodies are streamed chunk by chunk only while the channel is
 * writable. HTTP statuses for failures are chosen in one place, {@code GatewayErrors}.
 */
package io.cairn.gateway;
