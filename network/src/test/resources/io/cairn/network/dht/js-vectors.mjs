// Prints kad-dht messages encoded by @libp2p/kad-dht's own protobuf codec (and @libp2p/record for records), one per
// line as name|hex|type|key hex|clusterLevel|record key,value,timeReceived|closer|providers, where a peer list is
// 'id hex@multiaddr,multiaddr' joined by ';': the bytes plus the fields as JavaScript reads them, so the Java test compares its decode
// with JavaScript's reading and its re-encode with JavaScript's bytes.
// Run from a scratch dir with @libp2p/kad-dht@16.4.5, @libp2p/crypto, @libp2p/peer-id, @multiformats/multiaddr
// installed:  node js-vectors.mjs > js-messages.txt
// Not in the package's exports map, so imported by path.
import { Message, MessageType } from './node_modules/@libp2p/kad-dht/dist/src/message/dht.js'
import { Record } from './node_modules/@libp2p/record/dist/src/record.js'
import { Libp2pRecord } from '@libp2p/record'
import { generateKeyPairFromSeed, generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { sha256 } from 'multiformats/hashes/sha2'

const hex = (b) => Buffer.from(b).toString('hex')
const seed = (n) => new Uint8Array(32).fill(n)
const peers = []
for (let i = 1; i <= 4; i++) {
  peers.push(peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', seed(i))))
}
const rsaKey = await generateKeyPair('RSA', 1024)
const rsaPeer = peerIdFromPrivateKey(rsaKey)
const info = (p, addrs) => ({ id: p.toMultihash().bytes, multiaddrs: addrs.map(a => multiaddr(a).bytes) })
const cidHash = (await sha256.digest(new TextEncoder().encode('hello cairn'))).bytes

function emit (name, msg, recordObj) {
  const bytes = Message.encode(msg)
  const back = Message.decode(bytes)
  const peersOut = (list) => list.map(p =>
    hex(p.id) + '@' + (p.multiaddrs ?? []).map(m => multiaddr(m).toString()).join(',')).join(';')
  console.log([
    name,
    hex(bytes),
    Object.keys(MessageType).indexOf(back.type),
    back.key == null ? '' : hex(back.key),
    back.clusterLevel ?? 0,
    recordObj == null ? '' : [hex(recordObj.key), hex(recordObj.value), recordObj.timeReceived].join(','),
    peersOut(back.closer),
    peersOut(back.providers)
  ].join('|'))
}

// Requests as @libp2p/kad-dht builds them (peer-routing, content-routing).
emit('find-node-request', { type: MessageType.FIND_NODE, key: peers[1].toMultihash().bytes, closer: [], providers: [] })
emit('get-providers-request', { type: MessageType.GET_PROVIDERS, key: cidHash, closer: [], providers: [] })
emit('add-provider-request', {
  type: MessageType.ADD_PROVIDER,
  key: cidHash,
  closer: [],
  providers: [info(peers[0], ['/ip4/127.0.0.1/tcp/4001', '/ip6/::1/tcp/4002'])]
})
emit('ping-request', { type: MessageType.PING, closer: [], providers: [] })
// Responses as its rpc handlers build them.
emit('find-node-response', {
  type: MessageType.FIND_NODE,
  closer: [info(peers[1], ['/ip4/10.0.0.1/tcp/4001']), info(peers[2], ['/ip4/192.168.1.7/tcp/4001',
    '/ip4/192.168.1.7/udp/4001/quic-v1']), info(rsaPeer, ['/dns4/example.org/tcp/443/wss'])],
  providers: []
})
emit('get-providers-response', {
  type: MessageType.GET_PROVIDERS,
  key: cidHash,
  closer: [info(peers[3], ['/ip4/127.0.0.1/tcp/5001'])],
  providers: [info(peers[0], ['/ip4/127.0.0.1/tcp/4001']), info(peers[2], ['/ip6/2001:db8::1/tcp/4001'])]
})
emit('cluster-level-response', { type: MessageType.FIND_NODE, clusterLevel: 2, closer: [], providers: [] })
// PUT_VALUE of a /pk record: the key is "/pk/" + the peer ID multihash, the value the public key protobuf.
const pkKey = new Uint8Array([...new TextEncoder().encode('/pk/'), ...rsaPeer.toMultihash().bytes])
const pkValue = publicKeyToProtobuf(rsaKey.publicKey)
const rec = new Libp2pRecord(pkKey, pkValue, new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)))
emit('put-value-request', {
  type: MessageType.PUT_VALUE, key: pkKey, record: rec.serialize(), closer: [], providers: []
}, Record.decode(rec.serialize()))
emit('get-value-request', { type: MessageType.GET_VALUE, key: pkKey, closer: [], providers: [] })
