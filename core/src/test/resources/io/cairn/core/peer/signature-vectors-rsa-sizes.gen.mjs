// RSA size-limit vectors: keys made by node:crypto (OpenSSL), SPKI DER wrapped with @libp2p/crypto's protobuf codec,
// PKCS#1 v1.5 SHA-256 signatures by node:crypto. go-libp2p accepts 2048..8192-bit moduli.
import crypto from 'node:crypto'
import * as pb from './node_modules/@libp2p/crypto/dist/src/keys/keys.js'
const hex = b => Buffer.from(b).toString('hex')
const msg = new TextEncoder().encode('cairn key verification vector')
for (const bits of [1024, 2047, 8192, 8200]) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const pubPb = pb.PublicKey.encode({ Type: pb.KeyType.RSA, Data: spki })
  const sig = crypto.sign('sha256', msg, privateKey)
  console.log(['rsa-' + bits, hex(pubPb), hex(msg), hex(sig), '', ''].join(','))
}
