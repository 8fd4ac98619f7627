package io.cairn.gateway;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSource;
import io.cairn.core.multiformats.Cid;
import io.cairn.core.multiformats.Multicodec;
import io.cairn.core.reader.DirectoryItem;
import io.cairn.core.reader.NoSuchPathException;
import io.cairn.core.reader.UnixFsNode;
import io.cairn.core.reader.UnixFsReader;
import io.cairn.core.unixfs.UnixFsType;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Decides the response to one request; runs on a worker thread and may block on reads. Plain HTTP semantics, no
 * Netty channel: it returns a {@link GatewayResponse} whose body the handler then streams. The deserialized path
 * gateway (files, directories) is here; raw blocks and CARs are in {@link TrustlessResponder}.
 *
 * <p>Every read goes through {@code source}, already wrapped for identity CIDs and the retrieval timeout; for an
 * only-if-cached request it is further wrapped so that a block not held locally fails with 412 instead of being
 * retrieved.
 */
final class GatewayResponder {
    // Header names and constant values as AsciiString: Netty then neither hashes a String's chars case-insensitively
    // nor re-encodes the value for every response.
    static final AsciiString IMMUTABLE = AsciiString.cached("public, max-age=29030400, immutable");
    static final AsciiString X_IPFS_PATH = AsciiString.cached("X-Ipfs-Path");
    static final AsciiString X_IPFS_ROOTS = AsciiString.cached("X-Ipfs-Roots");
    private static final AsciiString ACCEPT = AsciiString.cached("Accept");

    private final BlockSource source;
    private final LocalBlocks local;
    private final TrustlessResponder trustless = new TrustlessResponder();
    private final DirectoryCache directories = new DirectoryCache(DirectoryCache.DEFAULT_MAX_ENTRIES);

    private final Executor readAhead;
    /**
     * Blocks answered from memory only, on the calling thread (see {@link #respondInline}): the small-block cache,
     * which the workers' reads fill. A block not there sends the request to a worker; the event loop never reads
     * the store, so a cold disk or a slow store cannot stall the connections that share it.
     */
    private final BlockSource inlineReads;
    private final SmallBlockCache smallBlocks = new SmallBlockCache(SmallBlockCache.DEFAULT_MAX_BYTES);

    /** {@code readAhead}: where a multi-block file's blocks are read ahead of sending; null to read them inline. */
    GatewayResponder(BlockSource source, LocalBlocks local, Executor readAhead) {
        // Every small block a worker reads (verified by the source, whether stored or fetched) is remembered, so
        // the next request for it can be answered on the event loop.
        this.source = cid -> source.get(cid).thenApply(block -> {
            smallBlocks.put(block);
            return block;
        });
        this.local = local;
        this.readAhead = readAhead;
        this.inlineReads = cid -> {
            if (BlockSources.isIdentity(cid)) {
                return source.get(cid);     // answered from the CID itself
            }
            Block cached = smallBlocks.get(cid);
            return cached != null ? CompletableFuture.completedFuture(cached)
                    : CompletableFuture.failedFuture(NotInlineException.INSTANCE);
        };
    }

    GatewayResponse respond(HttpMethod method, String uri, HttpHeaders headers) throws IOException {
        return respond(method, uri, headers, -1);
    }

    /**
     * As {@link #respond}, on the event loop: the answer when it can be decided from blocks in the small-block
     * cache, with a body of at most {@code maxBody} bytes; null when the request needs a worker (a block not in the
     * cache, a larger body, a directory listing, a raw block or CAR, only-if-cached). It reads neither the store
     * nor the network.
     * The caller reads the body on its own thread and, should that hit {@link NotInlineException}, hands the
     * request to a worker as well.
     */
    GatewayResponse respondInline(HttpMethod method, String uri, HttpHeaders headers, int maxBody)
            throws IOException {
        try {
            return respond(method, uri, headers, maxBody);
        } catch (RuntimeException e) {
            if (NotInlineException.isIn(e)) {
                return null;
            }
            throw e;
        }
    }

    /** {@code inlineMax}: -1 on a worker; otherwise the largest body {@link #respondInline} serves. */
    private GatewayResponse respond(HttpMethod method, String uri, HttpHeaders headers, int inlineMax)
            throws IOException {
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            throw new RequestException(HttpResponseStatus.METHOD_NOT_ALLOWED, method + " is not supported");
        }
        GatewayRequest request = GatewayRequest.parse(uri);
        ResponseFormat.Choice choice = ResponseFormat.negotiate(request.param("format"),
                headers.get(HttpHeaderNames.ACCEPT));
        boolean inline = inlineMax >= 0;
        if (inline && choice.format() != ResponseFormat.DESERIALIZED) {
            throw NotInlineException.INSTANCE;
        }
        BlockSource reads = inline ? inlineReads : source;
        if (onlyIfCached(headers)) {
            if (inline) {
                throw NotInlineException.INSTANCE;
            }
            Cid root = request.root();
            if (!BlockSources.isIdentity(root) && !local.has(root)) {
                throw new NotCachedException(root);
            }
            reads = BlockSources.cachedOnly(source, local);
        }
        switch (choice.format()) {
            case RAW:
                return trustless.raw(reads, request, headers, choice);
            case CAR:
                return trustless.car(reads, request, headers, choice);
            default:
                return deserialized(reads, request, headers, inlineMax);
        }
    }

    private static boolean onlyIfCached(HttpHeaders headers) {
        for (String value : headers.getAll(HttpHeaderNames.CACHE_CONTROL)) {
            for (String directive : value.split(",")) {
                if (directive.strip().equalsIgnoreCase("only-if-cached")) {
                    return true;
                }
            }
        }
        return false;
    }

    private GatewayResponse deserialized(BlockSource reads, GatewayRequest request, HttpHeaders headers,
            int inlineMax) throws IOException {
        // An only-if-cached request must not pass through a directory that is no longer held: no cache for it.
        ResolvedPath path = ResolvedPath.resolve(reads, request.root(), request.segments(), false,
                reads == source || reads == inlineReads ? directories : null);
        Cid cid = path.end();
        if (!cid.isCodec(Multicodec.DAG_PB) && !cid.isCodec(Multicodec.RAW)) {
            throw new RequestException(HttpResponseStatus.NOT_ACCEPTABLE, "a "
                    + Multicodec.nameOf(cid.codec()) + " block cannot be rendered by this gateway;"
                    + " ask for ?format=raw or ?format=car");
        }
        UnixFsReader reader = new UnixFsReader(reads);
        UnixFsNode node = reader.load(cid);
        if (node.isDirectory()) {
            if (!request.trailingSlash()) {
                GatewayResponse r = GatewayResponse.empty(HttpResponseStatus.MOVED_PERMANENTLY);
                r.headers.set(HttpHeaderNames.LOCATION,
                        request.rawPath() + "/" + (request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery()));
                return r;
            }
            if (inlineMax >= 0) {
                throw NotInlineException.INSTANCE;      // an index page or a listing: read on a worker
            }
            Cid index;
            try {
                index = reader.lookup(cid, "index.html");
            } catch (NoSuchPathException e) {
                index = null;
            }
            if (index != null) {
                return file(reads, reader, request, headers, path, index, reader.load(index), "index.html", false);
            }
            return listing(reader, request, headers, path, cid);
        }
        if (node.isFile() || node.type() == UnixFsType.SYMLINK) {
            if (inlineMax >= 0 && node.isFile() && node.fileSize() > inlineMax) {
                throw NotInlineException.INSTANCE;
            }
            return file(reads, reader, request, headers, path, cid, node, request.lastSegment(), inlineMax >= 0);
        }
        throw new RequestException(HttpResponseStatus.NOT_ACCEPTABLE, "a UnixFS "
                + node.type().name().toLowerCase(Locale.ROOT) + " node cannot be rendered; ask for ?format=raw");
    }

    private GatewayResponse file(BlockSource reads, UnixFsReader reader, GatewayRequest request, HttpHeaders headers,
            ResolvedPath path, Cid cid, UnixFsNode node, String name, boolean inline) throws IOException {
        String etag = Etags.quoted(CidTexts.text(cid));
        if (Etags.matches(headers.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return notModified(request, path, etag);
        }
        String filename = request.param("filename");
        boolean symlink = node.type() == UnixFsType.SYMLINK;
        // A symlink is served as its target path, as text: the gateway never follows it.
        byte[] target = symlink ? node.unixfs().data() : null;
        long size = symlink ? (target == null ? 0 : target.length) : node.fileSize();
        String type = symlink ? ContentTypes.TEXT : ContentTypes.byName(filename != null ? filename : name);
        ByteRange range;
        try {
            range = ByteRange.parse(headers.get(HttpHeaderNames.RANGE), size);
        } catch (RequestException e) {
            return rangeNotSatisfiable(e, size);
        }
        long start = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();
        InputStream body = symlink ? new ByteArrayInputStream(target == null ? new byte[0] : target, (int) start,
                (int) length) : bodyReader(reads, node, inline).open(node, start, length);
        if (type == null) {
            try {
                if (start == 0 && (length >= ContentTypes.SNIFF_LENGTH || length == size)) {
                    // The body starts where sniffing looks: sniff its first bytes and put them back, instead of
                    // reading the file's first blocks a second time.
                    byte[] bytes = body.readNBytes(ContentTypes.SNIFF_LENGTH);
                    type = ContentTypes.sniff(bytes, bytes.length);
                    body = new SniffedBody(bytes, body);
                } else {
                    try (InputStream head = reader.open(node, 0, ContentTypes.SNIFF_LENGTH)) {
                        byte[] bytes = head.readNBytes(ContentTypes.SNIFF_LENGTH);
                        type = ContentTypes.sniff(bytes, bytes.length);
                    }
                }
            } catch (IOException | RuntimeException e) {
                body.close();
                throw e;
            }
        }
        GatewayResponse r = GatewayResponse.stream(range == null ? HttpResponseStatus.OK
                : HttpResponseStatus.PARTIAL_CONTENT, body, length);
        contentHeaders(r, request, path, etag);
        r.headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        if (range != null) {
            r.headers.set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(size));
        }
        boolean download = "true".equals(request.param("download"));
        if (download || filename != null) {
            r.headers.set(HttpHeaderNames.CONTENT_DISPOSITION, ContentDisposition.of(
                    download ? "attachment" : "inline", filename != null ? filename : name));
        }
        return r;
    }

    /** A file of more than one block is read ahead on the read pool; a single block is already in hand. */
    private UnixFsReader bodyReader(BlockSource reads, UnixFsNode node, boolean inline) {
        if (inline || readAhead == null || node.isRaw() || node.pb().links().isEmpty()) {
            return new UnixFsReader(reads);
        }
        return new UnixFsReader(BlockSources.async(reads, readAhead));
    }

    private GatewayResponse listing(UnixFsReader reader, GatewayRequest request, HttpHeaders headers,
            ResolvedPath path, Cid dir) throws IOException {
        String etag = Etags.quoted("DirIndex-" + DirectoryListing.VERSION + "_CID-" + dir);
        if (Etags.matches(headers.get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            return notModified(request, path, etag);
        }
        List<DirectoryItem> items = reader.list(dir);
        GatewayResponse r = GatewayResponse.stream(HttpResponseStatus.OK,
                new DirectoryListing(request.rawPath(), items, !request.segments().isEmpty()), -1);
        contentHeaders(r, request, path, etag);
        r.headers.set(HttpHeaderNames.CONTENT_TYPE, ContentTypes.HTML);
        return r;
    }

    static GatewayResponse rangeNotSatisfiable(RequestException e, long size) {
        GatewayResponse r = GatewayResponse.text(e.status(), e.status().code() + " " + e.status().reasonPhrase()
                + ": " + e.getMessage());
        r.headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
        return r;
    }

    static GatewayResponse notModified(GatewayRequest request, ResolvedPath path, String etag) {
        GatewayResponse r = GatewayResponse.empty(HttpResponseStatus.NOT_MODIFIED);
        contentHeaders(r, request, path, etag);
        return r;
    }

    /** The headers every successful /ipfs/ response carries. */
    static void contentHeaders(GatewayResponse r, GatewayRequest request, ResolvedPath path, String etag) {
        r.headers.set(HttpHeaderNames.ETAG, etag);
        r.headers.set(HttpHeaderNames.CACHE_CONTROL, IMMUTABLE);
        r.headers.set(X_IPFS_PATH, request.rawPath());
        r.headers.set(X_IPFS_ROOTS, path.rootsHeader());
        r.headers.set(HttpHeaderNames.VARY, ACCEPT);
    }
}
