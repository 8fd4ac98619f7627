/**
 * Content Addressable aRchives: {@link CarWriter} streams a CARv1 (a DAG-CBOR header naming the roots, then
 * {@code varint(length) CID bytes} sections), and {@link CarReader} streams CARv1 and the CARv1 payload of a CARv2,
 * verifying every block against its CID. Malformed input raises {@link CarFormatException} and nothing else.
 *
 * <p>Specifications: ipld/ipld {@code specs/transport/car/carv1/index.md} and {@code carv2/index.md}. Where the
 * CARv1 spec leaves a question open, the behaviour follows go-car and @ipld/car (see {@link CarReader}).
 */
package io.cairn.core.car;
