package io.cairn.gateway;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.unixfs.UnixFsType;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The trustless gateway's responses (trustless-gateway.md): a raw block ({@code application/vnd.ipld.raw}) of any
 * codec, and a CAR ({@code application/vnd.ipld.car; version=1; order=dfs}) of the path's blocks and the requested
 * {@code dag-scope} below its end, optionally narrowed by {@code entity-bytes}. Raw blocks honour {@code Range}.
 */
final class TrustlessResponder {
    /** {@code entity-bytes=from:to}; {@code to} is null for {@code *}. Negative values count from the end. */
    record EntityBytes(long from, Long to) {
        static EntityBytes parse(String text) {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw bad("entity-bytes must be from:to");
            }
            long from = number(text.substring(0, colon));
            String t = text.substring(colon + 1);
            Long to = t.equals("*") ? null : number(t);
            if (to != null && from >= 0 && to >= 0 && from > to) {
                throw bad("entity-bytes range starts after it ends");
            }
            return new EntityBytes(from, to);
        }

        /** The inclusive byte range within a file of {@code size} bytes, or null when nothing of it is inside. */
        long[] within(long size) {
            long a = from < 0 ? Math.max(0, size + from) : from;
            long b = to == null ? size - 1 : to < 0 ? size + to : Math.min(to, size - 1);
            return size == 0 || a >= size || b < a ? null : new long[] {a, b};
        }

        private static long number(String s) {
            if (!s.matches("-?[0-9]{1,18}")) {
                throw bad("entity-bytes values must be integers or *");
            }
            return Long.parseLong(s);
        }
    }

    GatewayResponse raw(BlockSource reads, GatewayRequest request, HttpHeaders headers, ResponseFormat.Choice choice)
            throws IOException {
        ResolvedPath path = ResolvedPath.resolve(reads, request.root(), request.segments(), false);
        Cid cid = path.end();
        String etag = Etags.quoted(cid + ".raw");
        if (Etags.matches(headers.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return GatewayResponder.notModified(request, path, etag);
        }
        Block block = BlockSource.await(reads.get(cid), cid);
        byte[] data = block.data();
        ByteRange range;
        try {
            range = ByteRange.parse(headers.get(HttpHeaderNames.RANGE), data.length);
        } catch (RequestException e) {
            return GatewayResponder.rangeNotSatisfiable(e, data.length);
        }
        int start = range == null ? 0 : (int) range.start();
        int length = range == null ? data.length : (int) range.length();
        GatewayResponse r = GatewayResponse.stream(range == null ? HttpResponseStatus.OK
                : HttpResponseStatus.PARTIAL_CONTENT, new ByteArrayInputStream(data, start, length), length);
        GatewayResponder.contentHeaders(r, request, path, etag);
        r.headers.set(HttpHeaderNames.CONTENT_TYPE, ResponseFormat.RAW_TYPE);
        r.headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (range != null) {
            r.headers.set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(data.length));
        }
        binaryHeaders(r, request, choice, cid + ".bin", "raw");
        return r;
    }

    GatewayResponse car(BlockSource reads, GatewayRequest request, HttpHeaders headers, ResponseFormat.Choice choice)
            throws IOException {
        String version = request.param("car-version");
        if (version != null && !version.equals("1")) {
            throw bad("only car-version=1 is supported");
        }
        String order = request.param("car-order");
        if (order != null && !order.equals("dfs") && !order.equals("unk")) {
            throw bad("car-order must be dfs or unk");
        }
        String dupsParam = request.param("car-dups") != null ? request.param("car-dups") : choice.dups();
        if (dupsParam != null && !dupsParam.equals("y") && !dupsParam.equals("n")) {
            throw bad("car-dups must be y or n");
        }
        boolean dups = "y".equals(dupsParam);
        String scopeParam = request.param("dag-scope") == null ? "all" : request.param("dag-scope");
        if (!scopeParam.equals("all") && !scopeParam.equals("entity") && !scopeParam.equals("block")) {
            throw bad("dag-scope must be block, entity or all");
        }
        String bytesParam = request.param("entity-bytes");
        EntityBytes entityBytes = bytesParam == null ? null : EntityBytes.parse(bytesParam);
        if (entityBytes != null) {
            scopeParam = "entity";
        }

        ResolvedPath path = ResolvedPath.resolve(reads, request.root(), request.segments(), true);
        Cid end = path.end();
        String etag = Etags.quoted(end + ".car." + digest(request.rawPath() + "|" + scopeParam + "|" + bytesParam
                + "|" + dups));
        if (Etags.matches(headers.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return GatewayResponder.notModified(request, path, etag);
        }
        // The end block is read before any byte is sent, so that its absence is still a 404.
        Block endBlock = BlockSource.await(reads.get(end), end);
        CarBody.Scope scope = CarBody.Scope.BLOCK;
        long from = 0;
        long to = Long.MAX_VALUE;
        if (scopeParam.equals("all")) {
            scope = CarBody.Scope.ALL;
        } else if (scopeParam.equals("entity") && end.isCodec(Multicodec.DAG_PB)) {
            UnixFsNode node = UnixFsNode.decode(endBlock);
            if (node.type() == UnixFsType.FILE) {
                long[] within = entityBytes == null ? new long[] {0, Long.MAX_VALUE}
                        : entityBytes.within(node.fileSize());
                if (within != null) {
                    scope = CarBody.Scope.FILE_RANGE;
                    from = within[0];
                    to = within[1];
                }
            } else if (node.type() == UnixFsType.HAMT_SHARD) {
                scope = CarBody.Scope.HAMT;
            }
        }
        CarBody body = new CarBody(reads, List.of(request.root()), path.pathBlocks(), end, scope, from, to, dups);
        GatewayResponse r = GatewayResponse.stream(HttpResponseStatus.OK, body, -1);
        GatewayResponder.contentHeaders(r, request, path, etag);
        r.headers.set(HttpHeaderNames.CONTENT_TYPE, ResponseFormat.CAR_TYPE + "; version=1; order=dfs; dups="
                + (dups ? "y" : "n"));
        r.headers.set(HttpHeaderNames.ACCEPT_RANGES, "none");
        binaryHeaders(r, request, choice, end + ".car", "car");
        return r;
    }

    private static void binaryHeaders(GatewayResponse r, GatewayRequest request, ResponseFormat.Choice choice,
            String defaultName, String format) {
        String filename = request.param("filename");
        r.headers.set(HttpHeaderNames.CONTENT_DISPOSITION,
                ContentDisposition.of("attachment", filename != null ? filename : defaultName));
        r.headers.set("X-Content-Type-Options", "nosniff");
        if (choice.fromAccept()) {
            // So that HTTP caches keep this response apart from the deserialized one at the same URL.
            String query = request.rawQuery();
            r.headers.set(HttpHeaderNames.CONTENT_LOCATION, request.rawPath() + "?"
                    + (query.isEmpty() ? "" : query + "&") + "format=" + format);
        }
    }

    private static String digest(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static RequestException bad(String message) {
        return new RequestException(HttpResponseStatus.BAD_REQUEST, message);
    }
}
