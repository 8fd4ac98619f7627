/**
 * The Kubo-compatible RPC API ({@code POST /api/v0/...}): {@link io.cairn.gateway.rpc.RpcServer} answers Kubo's
 * command names, parameters ({@code arg}, options as query parameters) and response shapes (one JSON object, NDJSON
 * where Kubo streams, raw bytes for {@code cat}, {@code block/get}, {@code dag/export}), and Kubo's error body
 * {@code {"Message":...,"Code":0,"Type":"error"}}.
 *
 * <p>It sees the node only through {@link io.cairn.gateway.rpc.RpcBackend}, which the node module implements over
 * its repository; UnixFS import and reading, CAR reading and writing are core's. Nothing here knows RocksDB.
 */
package io.cairn.gateway.rpc;
