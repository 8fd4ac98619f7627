package io.cairn.core.importer;

import io.cairn.core.block.Block;
import io.cairn.core.block.BlockSink;
import io.cairn.core.interop.NodeInterop.CarEntry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A sink that remembers each distinct block it is given in the form {@code car-read.mjs} lists a CAR's blocks
 * (CID string, length, SHA-256 of the bytes), so Cairn's blocks can be compared with the reference importer's as
 * sets. A CID given twice with different bytes is an error: it would mean two different blocks under one name.
 */
final class BlockRecorder implements BlockSink {
    private final Map<String, CarEntry> blocks = new LinkedHashMap<>();
    private int puts;

    @Override
    public synchronized void put(Block block) {
        puts++;
        CarEntry entry = new CarEntry(block.cid().toString(), block.size(), sha256Hex(block.data()));
        CarEntry before = blocks.putIfAbsent(entry.cid(), entry);
        if (before != null && !before.equals(entry)) {
            throw new AssertionError("two different blocks under " + entry.cid() + ": " + before + ", " + entry);
        }
    }

    synchronized Set<CarEntry> blocks() {
        return new HashSet<>(blocks.values());
    }

    /** How many times {@link #put} was called, duplicates included. */
    synchronized int puts() {
        return puts;
    }

    static String sha256Hex(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
