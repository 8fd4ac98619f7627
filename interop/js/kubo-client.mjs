// Drives a Kubo-compatible RPC API with kubo-rpc-client, as an application would, and prints what it saw as JSON.
// Usage: node kubo-client.mjs <api-url>   (for example http://127.0.0.1:5001)
import { create } from 'kubo-rpc-client'

const url = process.argv[2]
if (!url) {
  console.error('usage: kubo-client.mjs <api-url>')
  process.exit(2)
}
const ipfs = create({ url })
const enc = new TextEncoder()
const dec = new TextDecoder()

async function collect (iterable) {
  const out = []
  for await (const x of iterable) out.push(x)
  return out
}

function concat (chunks) {
  const size = chunks.reduce((n, c) => n + c.length, 0)
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) { out.set(c, at); at += c.length }
  return out
}

const result = {}
const id = await ipfs.id()
result.id = id.id.toString()
result.agentVersion = id.agentVersion

const v0 = await ipfs.add(enc.encode('hello\n'))
result.helloV0 = v0.cid.toString()
const v1 = await ipfs.add(enc.encode('hello\n'), { cidVersion: 1 })
result.helloV1 = v1.cid.toString()

const entries = await collect(ipfs.addAll([
  { path: 'dir/a.txt', content: enc.encode('alpha\n') },
  { path: 'dir/sub/b.txt', content: enc.encode('beta\n') }
], { rawLeaves: true, cidVersion: 1 }))
result.added = entries.map(e => ({ path: e.path, cid: e.cid.toString(), size: e.size }))
const dir = entries.find(e => e.path === 'dir').cid
result.dir = dir.toString()

result.cat = dec.decode(concat(await collect(ipfs.cat(`${dir}/sub/b.txt`))))
result.catRange = dec.decode(concat(await collect(ipfs.cat(`/ipfs/${dir}/a.txt`, { offset: 1, length: 3 }))))
result.ls = (await collect(ipfs.ls(dir)))
  .map(e => ({ name: e.name, cid: e.cid.toString(), type: e.type, size: e.size }))

const pinned = await ipfs.pin.add(v1.cid)
result.pinAdd = pinned.toString()
result.pinLs = (await collect(ipfs.pin.ls({ type: 'recursive' }))).map(p => ({ cid: p.cid.toString(), type: p.type }))
result.pinRm = (await ipfs.pin.rm(v1.cid)).toString()
result.pinLsAfterRm = (await collect(ipfs.pin.ls({ type: 'recursive' }))).map(p => p.cid.toString())

const blockCid = await ipfs.block.put(enc.encode('a raw block\n'))
result.blockPut = blockCid.toString()
result.blockGet = dec.decode(await ipfs.block.get(blockCid))

const car = concat(await collect(ipfs.dag.export(dir)))
result.carBytes = car.length
await ipfs.pin.rm(dir)
const imported = await collect(ipfs.dag.import([car]))
result.dagImport = imported.map(r => r.root.cid.toString())

try {
  await collect(ipfs.cat('not-a-cid'))
  result.catError = null
} catch (e) {
  result.catError = e.message
}

console.log(JSON.stringify(result))
