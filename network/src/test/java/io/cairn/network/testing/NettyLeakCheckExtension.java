package io.cairn.network.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** After each Jupiter test class of the network module: no ByteBuf may have leaked (see {@link NettyLeakCheck}). */
public final class NettyLeakCheckExtension implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
        NettyLeakCheck.assertNoLeaks();
    }
}
