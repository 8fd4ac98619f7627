// A js-libp2p node running @libp2p/kad-dht in server mode, for Cairn's DHT interop tests. Loopback only.
//
// Usage: node kad-peer.mjs PROTOCOL_ID
// Listens on 127.0.0.1 (TCP, Noise, Yamux, identify, ping, kad-dht with PROTOCOL_ID). Private and loopback
// addresses are kept (passthroughMapper: the default mapper for the public DHT drops them), there is no bootstrap
// list, no mDNS and no delegated routing. One JSON line per answer on stdout, one JSON command per line on stdin:
//   {"cmd":"connect","addr":MA}                -> {"event":"connect","peer":ID,"inTable":bool}
//   {"cmd":"table"}                            -> {"event":"table","peers":[ID...]}
//   {"cmd":"provide","data":STRING}            -> {"event":"provide","mh":HEX}     (CIDv1 raw of sha256(data))
//   {"cmd":"findProviders","mh":HEX,"max":N}   -> {"event":"findProviders","providers":[{id,addrs}...]}
//   {"cmd":"closest","key":HEX}                -> {"event":"closest","peers":[ID...]}
//   {"cmd":"request","peer":ID,"type":T,"key":HEX}
//                                              -> {"event":"request","type":T,"closer":[{id,addrs}...],
//                                                  "providers":[...]}   (one raw kad-dht request, e.g. PING)
//   {"cmd":"stop"}                             -> exits 0
// Errors answer {"event":"error","cmd":...,"message":...}; the process exits when stdin closes.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import readline from 'node:readline'

const PROTOCOL = process.argv[2] ?? '/ipfs/kad/1.0.0'
const RAW = 0x55
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n')
const hex = (b) => Buffer.from(b).toString('hex')
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'))
const info = (p) => ({ id: p.id.toString(), addrs: (p.multiaddrs ?? []).map((a) => a.toString()) })

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    dht: kadDHT({
      protocol: PROTOCOL,
      clientMode: false,
      peerInfoMapper: passthroughMapper,
      allowQueryWithZeroPeers: true
    })
  },
  connectionManager: { maxConnections: 300 }
})
const dht = node.services.dht

async function inTable (peer, waitMs) {
  const until = Date.now() + waitMs
  while (Date.now() < until) {
    if ((await dht.routingTable.find(peer)) != null) return true
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return false
}

const commands = {
  async connect (c) {
    const conn = await node.dial(multiaddr(c.addr))
    return { event: 'connect', peer: conn.remotePeer.toString(), inTable: await inTable(conn.remotePeer, 10000) }
  },
  async table () {
    return { event: 'table', peers: [...dht.routingTable.kb.toIterable()].map((p) => p.peerId.toString()) }
  },
  async provide (c) {
    const cid = CID.createV1(RAW, await sha256.digest(new TextEncoder().encode(c.data)))
    for await (const e of dht.provide(cid)) { void e }
    return { event: 'provide', mh: hex(cid.multihash.bytes) }
  },
  async findProviders (c) {
    const cid = CID.createV1(RAW, Digest.decode(unhex(c.mh)))
    const found = new Map()
    for await (const e of dht.findProviders(cid)) {
      if (e.name === 'PROVIDER') {
        for (const p of e.providers) found.set(p.id.toString(), info(p))
        if (found.size >= (c.max ?? 20)) break
      }
    }
    return { event: 'findProviders', providers: [...found.values()] }
  },
  async closest (c) {
    const peers = []
    for await (const e of dht.getClosestPeers(unhex(c.key))) {
      if (e.name === 'FINAL_PEER') peers.push(e.peer.id.toString())
    }
    return { event: 'closest', peers }
  },
  async request (c) {
    const msg = { type: c.type, key: c.key == null ? undefined : unhex(c.key), closer: [], providers: [] }
    const signal = AbortSignal.timeout(10000)
    for await (const e of dht.network.sendRequest(peerIdFromString(c.peer), msg, { signal })) {
      if (e.name === 'PEER_RESPONSE') {
        return { event: 'request', type: e.messageType, closer: e.closer.map(info), providers: e.providers.map(info) }
      }
      if (e.name === 'QUERY_ERROR') throw e.error
    }
    throw new Error('no response')
  },
  async stop () {
    await node.stop()
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
    out({ event: 'error', cmd: c?.cmd ?? null, message: String(err?.message ?? err) })
  }
})
rl.on('close', async () => {
  await node.stop()
  process.exit(0)
})

out({ event: 'listening', peer: node.peerId.toString(), addrs: node.getMultiaddrs().map((a) => a.toString()) })
