/**
 * Codec-independent views of IPLD blocks: which CIDs a block links to ({@link io.cairn.core.ipld.Links}), for every
 * codec Cairn knows (dag-pb, dag-cbor, dag-json; raw, identity, json, cbor and libp2p-key have no links), and a
 * DAG walk over them ({@link io.cairn.core.ipld.DagTraversal}).
 *
 * <p>Pins, garbage collection, {@code dag export}, {@code pin verify} and the network fetch behind {@code pin add}
 * follow links through this package, so that a dag-cbor or dag-json DAG is kept, walked and exported whole, as Kubo
 * and Helia do. It decodes no more of a block than it needs to find the links: the dag-cbor and dag-json walkers
 * check the structure and every link but build no data model.
 */
package io.cairn.core.ipld;
