/**
 * The DAG-PB codec (multicodec {@code 0x70}): {@link io.cairn.core.dagpb.PbNode} and
 * {@link io.cairn.core.dagpb.PbLink} values and the hand-written {@link io.cairn.core.dagpb.DagPb} encoder and
 * strict decoder, following the IPLD DAG-PB spec (ipld/ipld {@code specs/codecs/dag-pb/spec.md}).
 *
 * <p>This package knows nothing of UnixFS: the node's {@code Data} is opaque bytes here and is interpreted by
 * {@code io.cairn.core.unixfs}.
 */
package io.cairn.core.dagpb;
