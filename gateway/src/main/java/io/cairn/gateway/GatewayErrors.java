package io.cairn.gateway;

import io.cairn.core.FormatException;
import io.cairn.core.block.BlockNotFoundException;
import io.cairn.core.reader.NoSuchPathException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes an HTTP status (boxo's single error-to-status function). Every error body
 * is one plain-text line; a stack trace is logged, never sent.
 *
 * <ul>
 *   <li>400: malformed CID or path ({@link RequestException} from parsing), or a malformed request;</li>
 *   <li>404: no such block ({@link BlockNotFoundException}) or no such path ({@link NoSuchPathException});</li>
 *   <li>405, 406, 412 (only-if-cached miss, no body), 414/431 (request line or headers too long), 429;</li>
 *   <li>502: {@link RetrievalFailedException}; 504: {@link RetrievalTimeoutException} (both with
 *       {@code Retry-After});</li>
 *   <li>500: content that does not decode ({@link FormatException} from stored blocks), I/O failures, bugs.</li>
 * </ul>
 */
final class GatewayErrors {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayErrors.class);
    /** 431 is not among Netty's named statuses. */
    static final HttpResponseStatus HEADERS_TOO_LARGE =
            new HttpResponseStatus(431, "Request Header Fields Too Large");

    private GatewayErrors() {}

    static GatewayResponse response(Throwable failure, int retryAfterSeconds) {
        Throwable t = unwrap(failure);
        if (t instanceof RequestException) {
            RequestException e = (RequestException) t;
            GatewayResponse r = GatewayResponse.text(e.status(), e.status().code() + " " + e.status().reasonPhrase()
                    + ": " + e.getMessage());
            if (e.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
                r.headers.set(HttpHeaderNames.ALLOW, "GET, HEAD");
            }
            if (e.status().equals(HttpResponseStatus.TOO_MANY_REQUESTS)) {
                r.headers.set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
            }
            return r;
        }
        if (t instanceof NotCachedException) {
            return GatewayResponse.empty(HttpResponseStatus.PRECONDITION_FAILED);
        }
        if (t instanceof BlockNotFoundException || t instanceof NoSuchPathException) {
            return text(HttpResponseStatus.NOT_FOUND, t.getMessage());
        }
        if (t instanceof RetrievalFailedException) {
            return retry(HttpResponseStatus.BAD_GATEWAY, t.getMessage(), retryAfterSeconds);
        }
        if (t instanceof RetrievalTimeoutException) {
            return retry(HttpResponseStatus.GATEWAY_TIMEOUT, t.getMessage(), retryAfterSeconds);
        }
        if (t instanceof FormatException) {
            LOG.warn("malformed content: {}", t.getMessage());
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "malformed content: " + t.getMessage());
        }
        if (t instanceof IOException) {
            LOG.warn("gateway I/O failure", t);
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: I/O failure");
        }
        LOG.error("gateway bug", t);
        return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /** The answer to a request Netty's decoder could not parse. */
    static GatewayResponse malformedRequest(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return text(HEADERS_TOO_LARGE, "request headers too large");
        }
        if (cause instanceof TooLongHttpLineException) {
            return text(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        }
        return text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
    }

    static GatewayResponse tooManyRequests(int retryAfterSeconds) {
        return response(new RequestException(HttpResponseStatus.TOO_MANY_REQUESTS,
                "too many requests in flight, retry later"), retryAfterSeconds);
    }

    private static GatewayResponse text(HttpResponseStatus status, String message) {
        return GatewayResponse.text(status, status.code() + " " + status.reasonPhrase() + ": " + message);
    }

    private static GatewayResponse retry(HttpResponseStatus status, String message, int retryAfterSeconds) {
        GatewayResponse r = text(status, message);
        r.headers.set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
        return r;
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
