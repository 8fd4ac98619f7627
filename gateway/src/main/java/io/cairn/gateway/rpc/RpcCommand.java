package io.cairn.gateway.rpc;

import java.io.IOException;

/** One command of the API ({@code cat}, {@code pin/ls}, ...): reads the request, answers through the response. */
@FunctionalInterface
interface RpcCommand {
    void run(RpcRequest request, RpcResponse response) throws IOException;
}
