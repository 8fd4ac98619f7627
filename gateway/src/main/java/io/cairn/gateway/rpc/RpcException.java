package io.cairn.gateway.rpc;

/**
 * A command failed for a reason the caller should read: Kubo's {@code cmds.Error}. A client error (bad argument,
 * missing argument) answers 400 with {@code "Code":1}; any other 500 with {@code "Code":0}, as go-ipfs-cmds does.
 */
public class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean clientError;

    public RpcException(String message) {
        this(message, false);
    }

    protected RpcException(String message, boolean clientError) {
        super(message);
        this.clientError = clientError;
    }

    /** A bad request: 400, {@code "Code":1}. */
    public static RpcException client(String message) {
        return new RpcException(message, true);
    }

    public boolean isClientError() {
        return clientError;
    }
}
