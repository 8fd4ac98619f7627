// A Helia node for Cairn's Bitswap interop tests and benchmarks, on loopback only.
//
// Built by hand (DESIGN.md, "JS peers in tests are built loopback-only"): a js-libp2p node listening on 127.0.0.1
// (TCP, Noise, Yamux, identify, ping) with no bootstrap list, no mDNS, no DHT and no delegated routing, wrapped
// with Helia's light constructor and Bitswap. Blocks live in memory. createHelia() is never called: it would build
// its own libp2p node that listens on every interface and dials public peers.
//
// It prints one JSON line per event on stdout and takes one JSON command per line on stdin:
//   {"cmd":"add","path":P | "bytes":N,"seed":S, "chunkSize":C, "rawLeaves":B, "cidVersion":V,
//    "maxChildrenPerNode":L}
//       -> {"event":"added","cid":CID,"length":N,"sha256":hex,"ms":elapsed}
//       Adds a file with @helia/unixfs (balanced layout, Helia's defaults where a field is absent: CIDv1, raw
//       leaves, 1 MiB chunks, 1024 links per node). With "seed", the bytes are SHA-256 in counter mode: block i
//       (32 bytes) is sha256(utf8(seed) || uint32be(i)), truncated to N bytes, so another program can make the
//       same file.
//   {"cmd":"dial","addr":MA}        -> {"event":"dialed","peer":ID,"protocols":[...]} (after identify)
//   {"cmd":"cat","cid":CID,"timeoutMs":T}
//       -> {"event":"cat","cid":CID,"length":N,"sha256":hex,"ms":elapsed} (fetched over Bitswap when missing)
//   {"cmd":"has","cid":CID}         -> {"event":"has","has":bool} (local blockstore only)
//   {"cmd":"stop"}                  -> exits 0
// Errors answer {"event":"error","cmd":...,"message":...}; the process exits when stdin closes.
import { createHeliaLight } from 'helia'
import { withLibp2pLight } from '@helia/libp2p'
import { withBitswap } from '@helia/bitswap'
import { unixfs } from '@helia/unixfs'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import readline from 'node:readline'

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n')

const helia = withBitswap(withLibp2pLight(createHeliaLight(), {
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  peerDiscovery: [],
  services: { identify: identify(), ping: ping() },
  connectionManager: { maxConnections: 300 }
}))
await helia.start()
const fs = unixfs(helia)
const libp2p = helia.libp2p

const identified = new Map() // peer id -> resolve of a dial waiting for identify
libp2p.addEventListener('peer:identify', (evt) => {
  identified.get(evt.detail.peerId.toString())?.()
})

/** Yields `n` bytes of SHA-256 counter-mode output for `seed`, in pieces of about 1 MiB. */
async function * seeded (seed, n) {
  const prefix = Buffer.from(String(seed), 'utf8')
  const counter = Buffer.alloc(4)
  let i = 0
  const piece = 1 << 20
  for (let left = n; left > 0;) {
    const size = Math.min(piece, left)
    const buf = Buffer.allocUnsafe(size)
    for (let off = 0; off < size; off += 32) {
      counter.writeUInt32BE(i++)
      createHash('sha256').update(prefix).update(counter).digest().copy(buf, off, 0, Math.min(32, size - off))
    }
    left -= size
    yield new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
  }
}

/** Passes a byte stream through, hashing and counting it. */
function measured (source, into) {
  const hash = createHash('sha256')
  return (async function * () {
    for await (const chunk of source) {
      hash.update(chunk)
      into.length += chunk.byteLength
      yield chunk
    }
    into.sha256 = hash.digest('hex')
  })()
}

const commands = {
  async add (c) {
    const start = process.hrtime.bigint()
    const source = c.path != null ? createReadStream(c.path) : seeded(c.seed ?? 0, c.bytes)
    const seen = { length: 0, sha256: null }
    const options = {}
    if (c.chunkSize != null) options.chunker = fixedSize({ chunkSize: c.chunkSize })
    if (c.rawLeaves != null) options.rawLeaves = c.rawLeaves
    if (c.cidVersion != null) options.cidVersion = c.cidVersion
    if (c.maxChildrenPerNode != null) options.layout = balanced({ maxChildrenPerNode: c.maxChildrenPerNode })
    const cid = await fs.addByteStream(measured(source, seen), options)
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    return { event: 'added', cid: cid.toString(), length: seen.length, sha256: seen.sha256, ms }
  },
  async dial (c) {
    const ma = multiaddr(c.addr)
    const expected = ma.getComponents().find((x) => x.name === 'p2p')?.value
    const done = expected ? new Promise((resolve) => identified.set(expected, resolve)) : Promise.resolve()
    const conn = await libp2p.dial(ma)
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10000))])
    identified.delete(expected)
    const p = await libp2p.peerStore.get(conn.remotePeer)
    return { event: 'dialed', peer: conn.remotePeer.toString(), protocols: p.protocols }
  },
  async cat (c) {
    const cid = CID.parse(c.cid)
    const start = process.hrtime.bigint()
    const hash = createHash('sha256')
    let length = 0
    for await (const chunk of fs.cat(cid, { signal: AbortSignal.timeout(c.timeoutMs ?? 120000) })) {
      hash.update(chunk)
      length += chunk.byteLength
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    return { event: 'cat', cid: cid.toString(), length, sha256: hash.digest('hex'), ms }
  },
  async has (c) {
    return { event: 'has', has: await helia.blockstore.has(CID.parse(c.cid), { offline: true }) }
  },
  async stop () {
    await helia.stop()
    process.exit(0)
  }
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', async (line) => {
  let c
  try {
    c = JSON.parse(line)
    out(await commands[c.cmd](c))
  } catch (err) {
    out({ event: 'error', cmd: c?.cmd ?? null, message: String(err?.stack ?? err?.message ?? err) })
  }
})
rl.on('close', async () => {
  await helia.stop()
  process.exit(0)
})

out({ event: 'listening', peer: libp2p.peerId.toString(), addrs: libp2p.getMultiaddrs().map((a) => a.toString()) })
