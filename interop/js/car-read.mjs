// Lists a CAR file (v1 or v2) as @ipld/car decodes it, so Cairn's tests can check the CARs Cairn writes against a
// real reader.
//
// Usage: node car-read.mjs file.car
// Prints: { "version": 1|2, "roots": [cid...], "blocks": [{ "cid", "size", "sha256hex" }] }, blocks in file order.
// sha256hex is the SHA-256 of the block's bytes as stored, whatever the CID's hash function: the caller compares it
// with its own bytes. No block is checked against its CID here; that is the reader under test's job.
//
// Opens no sockets.

import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { CarBlockIterator } from '@ipld/car/iterator'

async function main () {
  const path = process.argv[2]
  if (path === undefined) {
    throw new Error('usage: node car-read.mjs file.car')
  }
  const iterator = await CarBlockIterator.fromIterable(createReadStream(path))
  const roots = (await iterator.getRoots()).map((cid) => cid.toString())
  const blocks = []
  for await (const { cid, bytes } of iterator) {
    blocks.push({
      cid: cid.toString(),
      size: bytes.byteLength,
      sha256hex: createHash('sha256').update(bytes).digest('hex')
    })
  }
  process.stdout.write(JSON.stringify({ version: iterator.version, roots, blocks }) + '\n')
}

main().catch((err) => {
  process.stderr.write(`car-read.mjs: ${err.stack ?? err}\n`)
  process.exit(1)
})
