package io.cairn.storage.repo;

import io.cairn.core.FormatException;

/**
 * A config key or value the user gave that the config cannot take: an unknown key, a path through a non-object, a
 * value of the wrong JSON type, or text that is not JSON. Bad input, so a {@link FormatException}.
 */
public final class ConfigException extends FormatException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
