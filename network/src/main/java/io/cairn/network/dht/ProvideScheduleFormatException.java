package io.cairn.network.dht;

import io.cairn.core.FormatException;

/** Persisted {@link ProvideSchedule} bytes that cannot be read: truncated, of another version, or inconsistent. */
public final class ProvideScheduleFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    public ProvideScheduleFormatException(String message) {
        super(message);
    }
}
