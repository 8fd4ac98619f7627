/**
 * Test support that runs real IPFS JavaScript implementations (ipfs-unixfs-importer, @ipld/car), pinned in
 * {@code interop/js/}, so compatibility tests compare Cairn with a real peer. {@link io.cairn.core.interop.NodeInterop}
 * installs and runs them; {@link io.cairn.core.interop.Json} is the small JSON codec it talks to them with. Shipped in
 * core's test-jar so other modules' tests can use it. See {@code docs/interop.md}.
 */
package io.cairn.core.interop;
