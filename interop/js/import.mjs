// Imports a file or a directory tree with ipfs-unixfs-importer, the UnixFS importer that Helia uses, and prints
// what it yielded, so Cairn's tests can compare their CIDs and blocks with a real implementation's.
//
// Usage: node import.mjs request.json
// request: {
//   "source": "/abs/path",           file or directory; a directory is imported like `ipfs add -r`: every entry is
//                                    named relative to the directory's parent, so the directory itself is the root
//   "wrapWithDirectory": false,
//   "hidden": false,                 import entries whose names start with "." found inside a source directory
//                                    (like `ipfs add --hidden`); the source itself is always imported
//   "preserveMode": false,           store each entry's POSIX mode (like `ipfs add --preserve-mode`)
//   "preserveMtime": false,          store each entry's mtime (like `ipfs add --preserve-mtime`)
//   "car": "/abs/out.car",           optional: a CARv1 of every block, in the order the blockstore received them
//   "options": { ... }               ipfs-unixfs-importer options, see buildOptions below
// }
// "sources": ["/abs/a", "/abs/b"] may replace "source": each is imported under its base name, in the order given,
// in one importer run (so `wrapWithDirectory` wraps them all, like `ipfs add -w a b`).
// Prints: { "root": cid, "entries": [{ "path", "cid", "size", "type" }] }, entries in the order yielded; root is the
// CID of the last one, which is the importer's root for a single source.
//
// A batch, { "requests": [request, ...] }, runs each request in turn in one Node process (start-up costs more than
// a small import) and prints { "results": [result, ...] } in the same order.
//
// Opens no sockets: everything is read from and written to local files.

import { createReadStream, createWriteStream } from 'node:fs'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CarWriter } from '@ipld/car/writer'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize, rabin } from 'ipfs-unixfs-importer/chunker'
import { balanced, flat, trickle } from 'ipfs-unixfs-importer/layout'

const PASS_THROUGH = new Set([
  'profile', 'cidVersion', 'rawLeaves', 'reduceSingleLeafToSelf', 'leafType', 'shardSplitThresholdBytes',
  'shardSplitStrategy', 'shardFanoutBits', 'fieldOrder', 'fileImportConcurrency', 'blockWriteConcurrency'
])
const CHUNKER_KEYS = new Set([
  'chunker', 'chunkSize', 'minChunkSize', 'avgChunkSize', 'maxChunkSize', 'window', 'chunkSizes'
])
const LAYOUT_KEYS = new Set(['layout', 'maxChildrenPerNode', 'maxChildrenPerLayer', 'layerRepeat'])

function fail (message) {
  throw new Error(message)
}

function pick (options, keys) {
  const out = {}
  for (const key of keys) {
    if (options[key] !== undefined) {
      out[key] = options[key]
    }
  }
  return out
}

// Unknown keys are an error, not ignored: a misspelt option would otherwise silently test the defaults.
// A chunker or layout is only built when asked for, because the importer derives the chunk size and fan-out from
// `profile` only when it builds them itself.
function buildOptions (options = {}) {
  const out = {}
  for (const [key, value] of Object.entries(options)) {
    if (PASS_THROUGH.has(key)) {
      out[key] = value
    } else if (!CHUNKER_KEYS.has(key) && !LAYOUT_KEYS.has(key) && key !== 'hash') {
      fail(`unknown importer option: ${key}`)
    }
  }
  // The importer hashes every block with sha2-256 and has no option to change it.
  if (options.hash !== undefined && options.hash !== 'sha2-256') {
    fail(`ipfs-unixfs-importer only hashes with sha2-256, not ${options.hash}`)
  }

  const chunkerName = options.chunker ?? (options.chunkSize !== undefined ? 'fixed' : undefined)
  if (chunkerName === 'fixed') {
    out.chunker = fixedSize(pick(options, ['chunkSize']))
  } else if (chunkerName === 'rabin') {
    out.chunker = rabin(pick(options, ['minChunkSize', 'avgChunkSize', 'maxChunkSize', 'window']))
  } else if (chunkerName === 'sizes') {
    out.chunker = givenSizes(options.chunkSizes)
  } else if (chunkerName !== undefined) {
    fail(`unknown chunker: ${chunkerName}`)
  }

  const layoutName = options.layout ??
    (options.layerRepeat !== undefined || options.maxChildrenPerLayer !== undefined
      ? 'trickle'
      : (options.maxChildrenPerNode !== undefined ? 'balanced' : undefined))
  if (layoutName === 'balanced') {
    out.layout = balanced(pick(options, ['maxChildrenPerNode']))
  } else if (layoutName === 'trickle') {
    // The trickle layout calls its per-layer fan-out maxChildrenPerNode; maxChildrenPerLayer (the name Kubo's
    // docs use) is accepted as a synonym.
    const trickleOptions = pick(options, ['layerRepeat', 'maxChildrenPerNode'])
    if (options.maxChildrenPerLayer !== undefined) {
      trickleOptions.maxChildrenPerNode = options.maxChildrenPerLayer
    }
    out.layout = trickle(trickleOptions)
  } else if (layoutName === 'flat') {
    out.layout = flat()
  } else if (layoutName !== undefined) {
    fail(`unknown layout: ${layoutName}`)
  }
  return out
}

// A chunker that cuts at the sizes it is given, in order, which must add up to the input's length. It lets a test
// replay the boundaries another chunker chose (Kubo's rabin and buzhash, which this package does not have: its
// rabin-wasm uses a different polynomial), so that the DAG built over exactly those chunks can be compared.
// As the importer's fixed-size chunker does, an empty input gives one empty chunk.
function givenSizes (sizes) {
  if (!Array.isArray(sizes) || !sizes.every((n) => Number.isSafeInteger(n) && n > 0)) {
    fail('chunker "sizes" needs chunkSizes: an array of positive integers')
  }
  return async function * givenSizesChunker (source) {
    let pending = new Uint8Array(0)
    let next = 0
    for await (const buffer of source) {
      const joined = new Uint8Array(pending.length + buffer.length)
      joined.set(pending, 0)
      joined.set(buffer, pending.length)
      pending = joined
      let offset = 0
      while (next < sizes.length && pending.length - offset >= sizes[next]) {
        yield pending.slice(offset, offset + sizes[next])
        offset += sizes[next]
        next++
      }
      pending = pending.slice(offset)
    }
    if (pending.length > 0 || next < sizes.length) {
      fail(`chunkSizes do not add up to the input: ${pending.length} bytes left over, ` +
        `${sizes.length - next} sizes unused`)
    }
    if (sizes.length === 0) {
      yield new Uint8Array(0)
    }
  }
}

function byUtf8 (a, b) {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

function metadata (stats, request) {
  const meta = {}
  if (request.preserveMode === true) {
    meta.mode = Number(stats.mode & 0o7777n)
  }
  if (request.preserveMtime === true) {
    meta.mtime = { secs: stats.mtimeNs / 1_000_000_000n, nsecs: Number(stats.mtimeNs % 1_000_000_000n) }
  }
  return meta
}

// Yields import candidates in a fixed order (names sorted by UTF-8 bytes, as Go's directory walk does), parents
// before children. A directory is yielded on its own only when it has no entries or carries metadata: otherwise it is
// created from its children's paths, and yielding it as well would store an extra, unreachable empty-directory block.
async function * candidates (absPath, relPath, request) {
  const stats = await lstat(absPath, { bigint: true })
  const meta = metadata(stats, request)
  if (stats.isSymbolicLink()) {
    yield { path: relPath, link: await readlink(absPath), ...meta }
  } else if (stats.isDirectory()) {
    const names = (await readdir(absPath))
      .filter((name) => request.hidden === true || !name.startsWith('.'))
      .sort(byUtf8)
    if (names.length === 0 || request.preserveMode === true || request.preserveMtime === true) {
      yield { path: relPath, ...meta }
    }
    for (const name of names) {
      yield * candidates(join(absPath, name), `${relPath}/${name}`, request)
    }
  } else if (stats.isFile()) {
    yield { path: relPath, content: createReadStream(absPath), ...meta }
  } else {
    fail(`not a file, directory or symlink: ${absPath}`)
  }
}

// Keeps every distinct block once, in the order the importer first stored it.
class RecordingBlockstore {
  constructor () {
    this.blocks = new Map()
  }

  async put (cid, bytes) {
    const key = cid.toString()
    if (!this.blocks.has(key)) {
      this.blocks.set(key, { cid, bytes })
    }
    return cid
  }
}

async function writeCar (path, root, blocks) {
  const { writer, out } = CarWriter.create([root])
  const written = pipeline(Readable.from(out), createWriteStream(path))
  for (const block of blocks) {
    await writer.put(block)
  }
  await writer.close()
  await written
}

function unixfsType (entry) {
  return entry.unixfs?.type ?? (entry.cid.code === 0x55 ? 'raw' : null)
}

async function * allCandidates (sources, request) {
  for (const source of sources) {
    yield * candidates(source, basename(source), request)
  }
}

async function importOne (request) {
  const sources = request.sources ?? [request.source ?? fail('request has no source')]
  if (!Array.isArray(sources) || sources.length === 0) {
    fail('sources must be a non-empty array')
  }
  const options = buildOptions(request.options)
  options.wrapWithDirectory = request.wrapWithDirectory === true

  const blockstore = new RecordingBlockstore()
  const entries = []
  let last
  for await (const entry of importer(allCandidates(sources, request), blockstore, options)) {
    last = entry
    entries.push({
      path: entry.path ?? '', cid: entry.cid.toString(), size: Number(entry.size), type: unixfsType(entry)
    })
  }
  if (last === undefined) {
    fail(`importer yielded nothing for ${sources}`)
  }
  if (request.car != null) {
    await writeCar(request.car, last.cid, blockstore.blocks.values())
  }
  return { root: last.cid.toString(), entries }
}

async function main () {
  const requestPath = process.argv[2] ?? fail('usage: node import.mjs request.json')
  const request = JSON.parse(await readFile(requestPath, 'utf8'))
  let output
  if (request.requests !== undefined) {
    if (!Array.isArray(request.requests)) {
      fail('requests must be an array')
    }
    const results = []
    for (const one of request.requests) {
      results.push(await importOne(one))
    }
    output = { results }
  } else {
    output = await importOne(request)
  }
  process.stdout.write(JSON.stringify(output) + '\n')
}

main().catch((err) => {
  process.stderr.write(`import.mjs: ${err.stack ?? err}\n`)
  process.exit(1)
})
