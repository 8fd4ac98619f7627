// Prints the chunk lengths that real rabin implementations choose, as reference data for RabinChunkerTest.
// Not run by the build. To reproduce the numbers pinned in the tests (Node 20 is enough):
//
//   mkdir /tmp/ref && cp chunker-reference.mjs /tmp/ref && cd /tmp/ref
//   npm init -y && npm install rabin-rs@2.1.0 rabin-wasm@0.1.5
//   node chunker-reference.mjs rs random:1:4194304 87381 262144 393216
//
// usage: node chunker-reference.mjs IMPL DATA MIN AVG MAX
//   IMPL  rs    npm rabin-rs (Kubo's polynomial 17437180132763653, window 16)
//         wasm  npm rabin-wasm, the chunker of ipfs-unixfs-importer (polynomial 17349423945073011, window 16)
//         gen   write the DATA bytes to stdout instead (input for the Go driver, kubo-chunker-driver.go)
//   DATA  random:SEED:LEN | zeros:LEN | text:LEN | sharbage:LEN | mixed:SEED:LEN, generated exactly as
//         TestData.java generates them
import { createRequire } from 'node:module'
import { createHash } from 'node:crypto'
import fs from 'node:fs'

const require = createRequire(import.meta.url)
const [impl, dataSpec, minText, avgText, maxText] = process.argv.slice(2)
const min = Number(minText)
const avg = Number(avgText)
const max = Number(maxText)

// xorshift32 (13, 17, 5); each state gives 4 bytes, least significant first.
function random (seed, len) {
  const out = new Uint8Array(len)
  let x = seed | 0
  for (let i = 0; i < len; i += 4) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5
    for (let k = 0; k < 4 && i + k < len; k++) out[i + k] = (x >>> (8 * k)) & 0xff
  }
  return out
}

function text (len) {
  const line = new TextEncoder().encode('The quick brown fox jumps over the lazy dog. ')
  const out = new Uint8Array(len)
  for (let i = 0; i < len; i++) out[i] = line[i % line.length]
  return out
}

// SHA-256 chain from "hello world" (rabin-rs's test data): block i is sha256 of block i-1.
function sharbage (len) {
  const out = new Uint8Array(len)
  let block = Buffer.from('hello world')
  for (let off = 0; off < len; off += 32) {
    block = createHash('sha256').update(block).digest()
    out.set(block.subarray(0, Math.min(32, len - off)), off)
  }
  return out
}

// 64 KiB segments cycling: random bytes, the byte 'a', text (each taken at the same offset).
function mixed (seed, len) {
  const r = random(seed, len)
  const t = text(len)
  const out = new Uint8Array(len)
  for (let i = 0; i < len; i++) {
    const segment = Math.floor(i / 65536) % 3
    out[i] = segment === 0 ? r[i] : segment === 1 ? 0x61 : t[i]
  }
  return out
}

function data (spec) {
  const p = spec.split(':')
  switch (p[0]) {
    case 'random': return random(Number(p[1]), Number(p[2]))
    case 'zeros': return new Uint8Array(Number(p[1]))
    case 'text': return text(Number(p[1]))
    case 'sharbage': return sharbage(Number(p[1]))
    case 'mixed': return mixed(Number(p[1]), Number(p[2]))
  }
  throw new Error('bad data spec ' + spec)
}

const buf = data(dataSpec)
if (impl === 'gen') {
  fs.writeSync(1, buf)
  process.exit(0)
}
const bits = Math.floor(Math.log2(avg))
let sizes
if (impl === 'rs') {
  const { create, cut } = await import('rabin-rs')
  sizes = [...cut(await create(bits, min, max, 16), buf, true)]
} else if (impl === 'wasm') {
  const r = await require('rabin-wasm').create(bits, min, max, 16)
  sizes = [...r.fingerprint(buf)]
  const rest = buf.length - sizes.reduce((a, b) => a + b, 0)
  if (rest > 0) sizes.push(rest)
} else {
  throw new Error('bad impl ' + impl)
}
console.log(sizes.join(','))
