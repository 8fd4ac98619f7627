package io.cairn.gateway.rpc;

import io.cairn.core.FormatException;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.reader.NoSuchPathException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes Kubo's error body {@code {"Message":...,"Code":N,"Type":"error"}} and a
 * status: 400 with code 1 for a client error ({@link RpcException#client}), 500 with code 0 for everything else, as
 * go-ipfs-cmds answers. Messages use the wording of Cairn's command line, so a command run through the daemon fails
 * with the same line as one run on the repository. A bug is logged with its stack trace and answered
 * {@code internal error}; no stack trace is ever sent.
 */
final class RpcErrors {
    private static final Logger LOG = LoggerFactory.getLogger(RpcErrors.class);

    private RpcErrors() {}

    /** A failure as the status and error body to send. */
    record Failure(int status, Map<String, Object> body) {
        String message() {
            return (String) body.get("Message");
        }
    }

    static Failure of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof RpcException) {
            RpcException e = (RpcException) t;
            return failure(e.isClientError() ? 400 : 500, e.isClientError() ? 1 : 0, e.getMessage());
        }
        if (t instanceof BlockNotFoundException) {
            return failure(500, 0, "block not found locally: " + ((BlockNotFoundException) t).cid());
        }
        if (t instanceof FormatException || t instanceof NoSuchPathException) {
            return failure(500, 0, t.getMessage());
        }
        if (t instanceof IOException) {
            LOG.debug("RPC command failed", t);
            return failure(500, 0, t.getMessage() == null ? t.toString() : t.getMessage());
        }
        LOG.error("RPC API bug", t);
        return failure(500, 0, "internal error");
    }

    static Map<String, Object> body(String message, int code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Message", message == null ? "" : message);
        body.put("Code", code);
        body.put("Type", "error");
        return body;
    }

    private static Failure failure(int status, int code, String message) {
        return new Failure(status, body(message, code));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException
                || cur instanceof UncheckedIOException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
