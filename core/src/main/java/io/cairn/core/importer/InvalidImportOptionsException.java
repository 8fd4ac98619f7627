package io.cairn.core.importer;

import io.cairn.core.FormatException;

/** A combination of import settings that Kubo also refuses (e.g. CIDv0 with a hash other than sha2-256). */
public final class InvalidImportOptionsException extends FormatException {
    private static final long serialVersionUID = 1L;

    public InvalidImportOptionsException(String message) {
        super(message);
    }
}
