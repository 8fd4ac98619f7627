// Writes a CARv1 with @ipld/car from blocks given by the caller, so Cairn's tests can check that Cairn reads what a
// real writer produces.
//
// Usage: node car-write.mjs request.json
// request: {
//   "out": "/abs/out.car",
//   "roots": [cid...],                                  may be empty
//   "blocks": [{ "cid": "...", "dataFile": "/abs/f" }   or { "cid": "...", "dataHex": "0a02..." }]
// }
// Blocks are written in the order given, as given: the bytes are not checked against the CIDs, so a test can also
// build a CAR with a block that does not match its CID.
// Prints: { "out": path, "size": bytes written }
//
// Opens no sockets.

import { createWriteStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CarWriter } from '@ipld/car/writer'
import { CID } from 'multiformats/cid'

async function blockBytes (block) {
  if (block.dataFile != null) {
    return new Uint8Array(await readFile(block.dataFile))
  }
  if (block.dataHex != null) {
    return new Uint8Array(Buffer.from(block.dataHex, 'hex'))
  }
  throw new Error(`block ${block.cid} has neither dataFile nor dataHex`)
}

async function main () {
  const requestPath = process.argv[2]
  if (requestPath === undefined) {
    throw new Error('usage: node car-write.mjs request.json')
  }
  const request = JSON.parse(await readFile(requestPath, 'utf8'))
  if (request.out == null) {
    throw new Error('request has no out')
  }
  const roots = (request.roots ?? []).map((text) => CID.parse(text))
  const { writer, out } = CarWriter.create(roots)
  const written = pipeline(Readable.from(out), createWriteStream(request.out))
  for (const block of request.blocks ?? []) {
    await writer.put({ cid: CID.parse(block.cid), bytes: await blockBytes(block) })
  }
  await writer.close()
  await written
  const { size } = await stat(request.out)
  process.stdout.write(JSON.stringify({ out: request.out, size }) + '\n')
}

main().catch((err) => {
  process.stderr.write(`car-write.mjs: ${err.stack ?? err}\n`)
  process.exit(1)
})
