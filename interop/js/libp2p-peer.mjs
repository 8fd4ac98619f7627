// A js-libp2p node for Cairn's transport interop tests, on loopback only.
//
// Listens on 127.0.0.1 (TCP, Noise, Yamux, identify, ping) and serves:
//   /cairn/echo/1.0.0  writes back every byte it reads, then closes its write side
//   /cairn/sink/1.0.0  reads to the end, then answers the byte count as 8 bytes big-endian (benchmarks)
// It prints one JSON line per event on stdout and takes one JSON command per line on stdin:
//   {"cmd":"dial","addr":MA}                           -> {"event":"dialed","peer":ID,"protocols":[...]}
//   {"cmd":"ping","addr":MA}                           -> {"event":"ping","rtt":ms}
//   {"cmd":"echo","addr":MA,"streams":N,"bytes":B}     -> {"event":"echo","ok":true,"bytes":total}
//   {"cmd":"send","addr":MA,"bytes":B}                 -> {"event":"send","ms":elapsed} (to a sink, acked)
//   {"cmd":"stop"}                                     -> exits 0
// Errors answer {"event":"error","cmd":...,"message":...}; the process exits when stdin closes.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { createHash, randomBytes } from 'node:crypto'
import readline from 'node:readline'

const ECHO = '/cairn/echo/1.0.0'
const SINK = '/cairn/sink/1.0.0'
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n')

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), ping: ping() },
  connectionManager: { maxConnections: 300 }
})

await node.handle(ECHO, async (stream) => {
  try {
    for await (const chunk of stream) {
      if (!stream.send(chunk)) {
        await stream.onDrain()
      }
    }
    await stream.close()
  } catch (err) {
    stream.abort(err)
  }
}, { maxInboundStreams: 256, maxOutboundStreams: 256 })

const identified = new Map() // peer id -> resolve of a dial waiting for identify

await node.handle(SINK, async (stream) => {
  try {
    let n = 0
    for await (const chunk of stream) {
      n += chunk.byteLength
    }
    const ack = new Uint8Array(8)
    new DataView(ack.buffer).setBigUint64(0, BigInt(n))
    stream.send(ack)
    await stream.close()
  } catch (err) {
    stream.abort(err)
  }
}, { maxInboundStreams: 16, maxOutboundStreams: 16 })

node.addEventListener('peer:identify', (evt) => {
  const d = evt.detail
  identified.get(d.peerId.toString())?.()
  out({
    event: 'identify',
    peer: d.peerId.toString(),
    protocols: d.protocols,
    listenAddrs: d.listenAddrs.map((a) => a.toString()),
    observedAddr: d.observedAddr?.toString() ?? null,
    agentVersion: d.agentVersion ?? null,
    protocolVersion: d.protocolVersion ?? null,
    publicKey: d.publicKey ? Buffer.from(d.publicKey.raw ?? []).toString('hex') : null
  })
})

async function echoOne (addr, bytes) {
  const stream = await node.dialProtocol(multiaddr(addr), ECHO)
  const data = randomBytes(bytes)
  const want = createHash('sha256').update(data).digest('hex')
  const got = createHash('sha256')
  let received = 0
  const reader = (async () => {
    for await (const chunk of stream) {
      const b = chunk.subarray ? chunk.subarray() : chunk
      got.update(b)
      received += b.length
    }
  })()
  const step = 64 * 1024
  for (let off = 0; off < data.length; off += step) {
    if (!stream.send(data.subarray(off, Math.min(data.length, off + step)))) {
      await stream.onDrain()
    }
  }
  await stream.close()
  await reader
  if (received !== bytes || got.digest('hex') !== want) {
    throw new Error(`echo mismatch: sent ${bytes} got ${received}`)
  }
  return received
}

const commands = {
  async dial (c) {
    const ma = multiaddr(c.addr)
    const expected = ma.getComponents().find((x) => x.name === 'p2p')?.value
    const done = expected ? new Promise((resolve) => identified.set(expected, resolve)) : Promise.resolve()
    const conn = await node.dial(ma)
    const peer = conn.remotePeer
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10000))])
    const p = await node.peerStore.get(peer)
    return { event: 'dialed', peer: peer.toString(), protocols: p.protocols }
  },
  async ping (c) {
    const rtt = await node.services.ping.ping(multiaddr(c.addr))
    return { event: 'ping', rtt }
  },
  async echo (c) {
    const n = c.streams ?? 1
    const totals = await Promise.all(Array.from({ length: n }, () => echoOne(c.addr, c.bytes)))
    return { event: 'echo', ok: true, bytes: totals.reduce((a, b) => a + b, 0) }
  },
  async send (c) {
    const stream = await node.dialProtocol(multiaddr(c.addr), SINK)
    const block = randomBytes(256 * 1024)
    const start = process.hrtime.bigint()
    for (let left = c.bytes; left > 0; left -= block.length) {
      if (!stream.send(left >= block.length ? block : block.subarray(0, left))) {
        await stream.onDrain()
      }
    }
    await stream.close()
    let acked = 0n
    for await (const chunk of stream) {
      const b = chunk.subarray ? chunk.subarray() : chunk
      if (b.length >= 8) acked = new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0)
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (acked !== BigInt(c.bytes)) throw new Error(`sink acknowledged ${acked} of ${c.bytes} bytes`)
    return { event: 'send', ms }
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
