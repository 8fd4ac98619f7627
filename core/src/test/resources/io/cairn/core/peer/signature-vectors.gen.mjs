// Generates Cairn's PublicKey.verify test vectors with @libp2p/crypto (and node:crypto for DER ECDSA).
// Run in a scratch folder holding spec-keys.csv (next to this file) after
// `npm install @libp2p/crypto @libp2p/peer-id multiformats node@24`: node_modules/node/bin/node gen.mjs > vectors.csv
import crypto from 'node:crypto'
import { generateKeyPair, publicKeyToProtobuf, publicKeyFromProtobuf, privateKeyToProtobuf, privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import fs from 'node:fs'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import * as pb from './node_modules/@libp2p/crypto/dist/src/keys/keys.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from 'multiformats/hashes/sha2'
import { identity } from 'multiformats/hashes/identity'
import { CID } from 'multiformats/cid'
import { base58btc } from 'multiformats/bases/base58'

// @libp2p/peer-id 6 refuses ECDSA keys, so the ID is built by the spec's rule with multiformats:
// identity multihash of the PublicKey protobuf when it is at most 42 bytes, else sha2-256.
async function specPeerId (pubPb) {
  const mh = pubPb.length <= 42 ? identity.digest(pubPb) : await sha256.digest(pubPb)
  return { toString: () => base58btc.encode(mh.bytes).slice(1), toCID: () => CID.createV1(0x72, mh) }
}

const hex = b => Buffer.from(b).toString('hex')
const msg = new TextEncoder().encode('cairn key verification vector')
const out = []
const line = (...f) => out.push(f.join(','))

async function vector (name, key, sig) {
  const pubPb = publicKeyToProtobuf(key.publicKey)
  const back = publicKeyFromProtobuf(pubPb)
  const ok = await back.verify(msg, sig)
  const flipped = Uint8Array.from(sig); flipped[flipped.length - 1] ^= 1
  const okFlipped = await Promise.resolve().then(() => back.verify(msg, flipped)).catch(e => "throws")
  const id = key.type === 'ECDSA' ? await specPeerId(pubPb) : peerIdFromPublicKey(back)
  console.error(name, 'js verify:', ok, 'flipped:', okFlipped)
  line(name, hex(pubPb), hex(msg), hex(sig), id.toString(), id.toCID().toString())
  return back
}

const ed = await generateKeyPair('Ed25519')
await vector('ed25519', ed, await ed.sign(msg))

const rsa = await generateKeyPair('RSA', 2048)
await vector('rsa-2048', rsa, await rsa.sign(msg))

const k1 = await generateKeyPair('secp256k1')
const k1sig = await k1.sign(msg)
const k1pub = await vector('secp256k1', k1, k1sig)
// The same signature with s replaced by n - s (the "high-S" twin): go-libp2p accepts it, noble (js) rejects it.
const parsed = secp256k1.Signature.fromBytes(k1sig, 'der')
const high = new secp256k1.Signature(parsed.r, secp256k1.Point.CURVE().n - parsed.s)
const highDer = high.toBytes('der')
console.error('secp256k1 high-S js verify:', await Promise.resolve().then(() => k1pub.verify(msg, highDer)).catch(e => "throws " + e))
line('secp256k1-high-s', hex(publicKeyToProtobuf(k1.publicKey)), hex(msg), hex(highDer), '', '')

// ECDSA. go-libp2p's encoding: Data = PKIX SubjectPublicKeyInfo (x509.MarshalPKIXPublicKey), signature = DER
// SEQUENCE{r, s} over SHA-256. js-libp2p 5.x differs in both (its own SEQUENCE{1, [0] curve, [1] point} and WebCrypto's
// raw r||s), so go-form vectors use node:crypto (OpenSSL) on the same key: SPKI export and a DER signature. The
// js-libp2p form is recorded too (rows *-jsform), as input go-libp2p cannot parse.
for (const curve of ['P-256', 'P-384', 'P-521']) {
  const ec = await generateKeyPair('ECDSA', curve)
  const raw = await ec.sign(msg)
  await vector('ecdsa-' + curve + '-jsform', ec, raw)
  const spki = crypto.createPublicKey({ key: ec.publicKey.jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' })
  const pubPb = pb.PublicKey.encode({ Type: pb.KeyType.ECDSA, Data: spki })
  const der = crypto.sign('sha256', msg, { key: crypto.createPrivateKey({ key: ec.jwk, format: 'jwk' }), dsaEncoding: 'der' })
  const id = await specPeerId(pubPb)
  line('ecdsa-' + curve, hex(pubPb), hex(msg), hex(der), id.toString(), id.toCID().toString())
  line('ecdsa-' + curve + '-p1363sig', hex(pubPb), hex(msg), hex(raw), '', '')
}
// P-224: go-libp2p parses it (crypto/x509 knows the curve); js-libp2p does not, so node:crypto makes the key.
{
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'secp224r1' })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const pubPb = pb.PublicKey.encode({ Type: pb.KeyType.ECDSA, Data: spki })
  const der = crypto.sign('sha256', msg, { key: privateKey, dsaEncoding: 'der' })
  const id = await specPeerId(pubPb)
  line('ecdsa-P-224', hex(pubPb), hex(msg), hex(der), id.toString(), id.toCID().toString())
}
// The private keys of libp2p/specs peer-ids.md "Test vectors" (spec-keys.csv, copied from the spec at 7740c07):
// signed by @libp2p/crypto; the row's key is the spec's PublicKey bytes, checked to be the private key's.
const spec = Object.fromEntries(fs.readFileSync('spec-keys.csv', 'utf8').trim().split('\n').map(l => l.split(',')))
for (const [name, type] of [['ED25519', 'ed25519'], ['secp256k1', 'secp256k1'], ['rsa', 'rsa']]) {
  const priv = privateKeyFromProtobuf(Buffer.from(spec[name + 'privatekey'], 'hex'))
  if (hex(publicKeyToProtobuf(priv.publicKey)) !== spec[name + 'publickey']) throw new Error(name + ' spec pair mismatch')
  const sig = await priv.sign(msg)
  await vector('spec-' + type, priv, sig)
}
{
  // The spec's ECDSA private key is an SEC 1 ECPrivateKey, which @libp2p/crypto reads; its PublicKey row is the
  // PKIX form go-libp2p writes. @libp2p/crypto signs raw r||s, so node:crypto signs DER with the same key.
  const priv = privateKeyFromProtobuf(Buffer.from(spec.ECDSAprivatekey, 'hex'))
  const spki = crypto.createPublicKey({ key: priv.publicKey.jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' })
  const pubPb = pb.PublicKey.encode({ Type: pb.KeyType.ECDSA, Data: spki })
  if (hex(pubPb) !== spec.ECDSApublickey) throw new Error('ECDSA spec pair mismatch')
  const der = crypto.sign('sha256', msg, { key: crypto.createPrivateKey({ key: priv.jwk, format: 'jwk' }), dsaEncoding: 'der' })
  const id = await specPeerId(pubPb)
  line('spec-ecdsa', hex(pubPb), hex(msg), hex(der), id.toString(), id.toCID().toString())
}
console.log(out.join('\n'))
