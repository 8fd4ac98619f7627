/**
 * Both ends of the RPC API on the node side: {@link io.cairn.node.rpc.RepoRpcBackend} serves the gateway module's
 * {@link io.cairn.gateway.rpc.RpcBackend} port from an open repository (the daemon's), and
 * {@link io.cairn.node.rpc.RpcClient} is the small HTTP client the command line uses to reach a running daemon,
 * found through {@link io.cairn.node.rpc.ApiFile} ({@code $CAIRN_PATH/api}).
 */
package io.cairn.node.rpc;
