/**
 * Both ends of the RPC API on the node side: {@link io.cairn.node.rpc.RepoRpcBackend} serves the gateway module's
 * {@link io.cairn.gateway.rpc.RpcBackend} port from an open repository (the daemon's), and
 * {@link io.cairn.node.rpc.RpcClient} is the small HTTP client the command line uses to reach a running daemon,
 * found through {@link io.cairn.node.rpc.ApiFile} ({@code $CAIRN_PATH/api}). The rules both paths of a command
 * share live here too: {@link io.cairn.node.rpc.ImportDefaults} (the config's {@code Import.*} under an add's flags)
 * and {@link io.cairn.node.rpc.PinSearch} (which recursive pin keeps a block).
 */
package io.cairn.node.rpc;
