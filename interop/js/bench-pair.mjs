// Benchmark baseline: one stream between two js-libp2p nodes (two processes running libp2p-peer.mjs) on
// loopback, MIB mebibytes per round sent to the other's sink. Prints one line per round: "js-js <MB/s>".
// Usage: node bench-pair.mjs MIB ROUNDS
import { spawn } from 'node:child_process'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const here = path.dirname(fileURLToPath(import.meta.url))
const mib = Number(process.argv[2] ?? 256)
const rounds = Number(process.argv[3] ?? 3)

function peer () {
  const child = spawn(process.execPath, [path.join(here, 'libp2p-peer.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = readline.createInterface({ input: child.stdout })
  const waiting = []
  lines.on('line', (line) => {
    const event = JSON.parse(line)
    if (event.event !== 'identify') waiting.shift()?.(event)
  })
  const next = () => new Promise((resolve) => waiting.push(resolve))
  return {
    child,
    next,
    call: (cmd) => { const p = next(); child.stdin.write(JSON.stringify(cmd) + '\n'); return p }
  }
}

const a = peer()
const b = peer()
await a.next()
const target = (await b.next()).addrs[0]
for (let r = 1; r <= rounds; r++) {
  const res = await a.call({ cmd: 'send', addr: target, bytes: mib * 1024 * 1024 })
  if (res.event !== 'send') throw new Error(JSON.stringify(res))
  console.log(`js-js ${(mib * 1048576 / (res.ms / 1000) / 1e6).toFixed(1)}`)
}
a.child.stdin.end()
b.child.stdin.end()
