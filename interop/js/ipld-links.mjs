// Encodes random IPLD documents with embedded links using the real @ipld/dag-cbor and @ipld/dag-json, so Cairn's
// tests can check that its link extractor finds exactly the links these implementations put in and read back.
// Also builds one DAG mixing dag-cbor, dag-json, dag-pb and raw blocks, written as a CARv1 with @ipld/car.
//
// Usage: node ipld-links.mjs request.json
// request: { "seed": int, "count": int, "outDir": "/abs/dir" }
// Prints: {
//   "documents": [{ "codec": "dag-cbor"|"dag-json", "cid", "file", "links": [cid...] }],
//   "dag": { "root", "car", "cids": [cid...] }
// }
// "links" are the links of the block as the same library decodes it, in the order they appear in the bytes (a
// depth-first walk of the decoded value; map keys never look like integers, so JavaScript keeps their order).
// "dag.cids" is every block of the DAG, each once. CIDs print as multiformats prints them (v0 base58btc, v1 base32).
//
// Opens no sockets.

import { createWriteStream } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import { CarWriter } from '@ipld/car/writer'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'

// mulberry32: a small seeded generator, so a failing seed can be replayed.
function prng (seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function makeRandom (seed) {
  const next = prng(seed)
  const int = (n) => Math.floor(next() * n)
  const bytes = (n) => Uint8Array.from({ length: n }, () => int(256))
  const alphabet = ['a', 'b', '/', '\\', '"', '\n', '\u0001', ' ', 'é', '漢', '😀', '{', ']', ':', ',', '0']
  const string = () => Array.from({ length: int(10) }, () => alphabet[int(alphabet.length)]).join('')
  return { next, int, bytes, string }
}

async function randomCid (r) {
  const content = r.bytes(r.int(40))
  switch (r.int(6)) {
    case 0: return CID.createV0(await sha256.digest(content))
    case 1: return CID.createV1(raw.code, await sha256.digest(content))
    case 2: return CID.createV1(dagCbor.code, await sha256.digest(content))
    case 3: return CID.createV1(dagJson.code, await sha512.digest(content))
    case 4: return CID.createV1(dagPb.code, identity.digest(content))
    default: return CID.createV1(0x300000 + r.int(1000), await sha256.digest(content))
  }
}

async function value (r, depth) {
  switch (r.int(depth <= 0 ? 8 : 11)) {
    case 0: return null
    case 1: return r.int(2) === 0
    case 2: return r.int(3) === 0 ? r.int(2 ** 31) - 2 ** 30 : r.int(50) - 10
    case 3: return (r.int(1000000) + 0.5) / 1000
    case 4: return r.string()
    case 5: return r.bytes(r.int(40))
    case 6:
    case 7: return await randomCid(r)
    case 8: {
      const list = []
      const n = r.int(r.int(8) === 0 ? 30 : 5)
      for (let i = 0; i < n; i++) list.push(await value(r, depth - 1))
      return list
    }
    default: {
      const map = {}
      const n = r.int(6)
      for (let i = 0; i < n; i++) map['k' + r.string()] = await value(r, depth - 1)
      return map
    }
  }
}

function links (v, out) {
  const cid = CID.asCID(v)
  if (cid != null) {
    out.push(cid.toString())
  } else if (v instanceof Uint8Array || v === null || typeof v !== 'object') {
    // a leaf
  } else if (Array.isArray(v)) {
    for (const x of v) links(x, out)
  } else {
    for (const x of Object.values(v)) links(x, out)
  }
  return out
}

async function block (codec, hasher, data) {
  const bytes = codec.encode(data)
  return { cid: CID.createV1(codec.code, await hasher.digest(bytes)), bytes }
}

async function main () {
  const requestPath = process.argv[2]
  if (requestPath === undefined) {
    throw new Error('usage: node ipld-links.mjs request.json')
  }
  const request = JSON.parse(await readFile(requestPath, 'utf8'))
  const r = makeRandom(request.seed)
  const documents = []
  for (let i = 0; i < request.count; i++) {
    const doc = { kroot: await value(r, 5), klist: [await value(r, 4), await randomCid(r)] }
    for (const [name, codec] of [['dag-cbor', dagCbor], ['dag-json', dagJson]]) {
      const bytes = codec.encode(doc)
      const cid = CID.createV1(codec.code, await sha256.digest(bytes))
      const file = join(request.outDir, `${i}.${name}`)
      await writeFile(file, bytes)
      documents.push({ codec: name, cid: cid.toString(), file, links: links(codec.decode(bytes), []) })
    }
  }

  // root (dag-cbor) -> { dag-json nodes -> raw leaves, a dag-pb node -> dag-cbor node -> raw leaf }, shared leaves.
  const leaves = []
  for (let i = 0; i < 6; i++) {
    const bytes = r.bytes(20 + r.int(100))
    leaves.push({ cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes })
  }
  const jsonA = await block(dagJson, sha256, { kids: [leaves[0].cid, leaves[1].cid], name: 'a' })
  const jsonB = await block(dagJson, sha256, { kids: [leaves[1].cid, leaves[2].cid, jsonA.cid], name: 'b' })
  const cborC = await block(dagCbor, sha256, { leaf: leaves[3].cid, n: 3 })
  const pbBytes = dagPb.encode(dagPb.prepare({ Links: [{ Hash: cborC.cid, Name: 'c' }, { Hash: leaves[4].cid }] }))
  const pb = { cid: CID.createV0(await sha256.digest(pbBytes)), bytes: pbBytes }
  const root = await block(dagCbor, sha256, { b: jsonB.cid, p: pb.cid, x: [leaves[5].cid, leaves[0].cid] })
  const all = [root, jsonB, jsonA, pb, cborC, ...leaves]
  const car = join(request.outDir, 'dag.car')
  const { writer, out } = CarWriter.create([root.cid])
  const written = pipeline(Readable.from(out), createWriteStream(car))
  for (const b of [...all].reverse()) {
    await writer.put(b)
  }
  await writer.close()
  await written
  const dag = { root: root.cid.toString(), car, cids: all.map((b) => b.cid.toString()) }
  process.stdout.write(JSON.stringify({ documents, dag }) + '\n')
}

main().catch((err) => {
  process.stderr.write(`ipld-links.mjs: ${err.stack ?? err}\n`)
  process.exit(1)
})
