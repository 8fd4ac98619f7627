// Generates CAR fixtures with the real @ipld/car and records what @ipld/car's reader sees in each.
import fs from 'node:fs'
import { CarWriter, CarReader } from '@ipld/car'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { identity } from 'multiformats/hashes/identity'
import * as dagCbor from '@ipld/dag-cbor'
import * as dagPb from '@ipld/dag-pb'

const out = process.argv[2]
const enc = new TextEncoder()

async function block (codec, hasher, value, version = 1) {
  const bytes = codec.encode(value)
  const digest = await hasher.digest(bytes)
  return { cid: CID.create(version, codec.code, digest), bytes }
}

const leafA = await block(raw, sha256, enc.encode('cairn leaf a'))
const leafB = await block(raw, sha512, enc.encode('cairn leaf b, sha2-512'))
const empty = await block(raw, sha256, new Uint8Array(0))
const ident = await block(raw, identity, enc.encode('inline'))
const pb = await block(dagPb, sha256, dagPb.prepare({
  Data: new Uint8Array([8, 1]),
  Links: [{ Hash: leafA.cid, Name: 'a', Tsize: 12 }, { Hash: leafB.cid, Name: 'b', Tsize: 22 }]
}), 0)
const cbor = await block(dagCbor, sha256, { name: 'cairn', dir: pb.cid, leaves: [leafA.cid, ident.cid], n: 300 })
const blocks = [cbor, pb, leafA, leafB, empty, ident]
const roots = [cbor.cid, leafB.cid]

async function writeCar (roots, blocks) {
  const { writer, out } = CarWriter.create(roots)
  const chunks = []
  const collect = (async () => { for await (const c of out) chunks.push(c) })()
  for (const b of blocks) await writer.put(b)
  await writer.close()
  await collect
  return Buffer.concat(chunks)
}

async function describe (bytes) {
  const reader = await CarReader.fromBytes(bytes)
  const lines = [`version ${reader.version}`]
  for (const r of await reader.getRoots()) lines.push(`root ${r.toString()}`)
  for await (const b of reader.blocks()) lines.push(`block ${b.cid.toString()} ${Buffer.from(b.bytes).toString('hex')}`)
  return lines.join('\n') + '\n'
}

function le64 (n) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b }

// CARv2 around a CARv1 payload, with padding before the payload and an index offset past trailing padding.
// @ipld/car cannot write CARv2, so the wrapping is done here by the layout of the CARv2 spec; @ipld/car's
// reader then confirms it accepts the result.
function wrapV2 (v1, padBefore, padAfter, index) {
  const pragma = Buffer.from('0aa16776657273696f6e02', 'hex')
  const dataOffset = 11 + 40 + padBefore
  const indexOffset = index ? dataOffset + v1.length + padAfter : 0
  const header = Buffer.concat([Buffer.alloc(16), le64(dataOffset), le64(v1.length), le64(indexOffset)])
  return Buffer.concat([pragma, header, Buffer.alloc(padBefore), v1, Buffer.alloc(padAfter), index ?? Buffer.alloc(0)])
}

const files = {}
files['ipld-car-v1.car'] = await writeCar(roots, blocks)
files['ipld-car-v1-noroots.car'] = await writeCar([], [leafA])
// 300 roots (a 2-byte array head and header length varint) and an identity root with a 300-byte digest (a 2-byte
// byte-string head): header encodings the small fixtures do not reach.
const manyRoots = []
for (let i = 0; i < 299; i++) manyRoots.push((await block(raw, sha256, enc.encode(`root ${i}`))).cid)
manyRoots.push(CID.create(1, raw.code, identity.digest(new Uint8Array(300).fill(7))))
files['ipld-car-v1-manyroots.car'] = await writeCar(manyRoots, [leafA])
// MultihashIndexSorted codec varint 0x0401 followed by a body the reader must never look at.
files['ipld-car-v2-padded.car'] = wrapV2(files['ipld-car-v1.car'], 13, 7, Buffer.from('8108deadbeef', 'hex'))

for (const [name, bytes] of Object.entries(files)) {
  fs.writeFileSync(`${out}/${name}`, bytes)
  fs.writeFileSync(`${out}/${name}.expected`, await describe(bytes))
}
for (const name of ['carv1-basic.car', 'carv2-basic.car']) {
  fs.writeFileSync(`${out}/${name}.expected`, await describe(fs.readFileSync(name)))
}
