package io.cairn.network.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Netty's leak detector, but every report is also recorded so a test can fail on it instead of a log line being
 * missed. Installed for the whole test JVM by {@code -Dio.netty.customResourceLeakDetector} (network's pom), which
 * Netty reads before the first buffer class is initialised; the detection level is {@code paranoid}.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add(resourceType + " leaked (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
