import fs from 'node:fs'
import { secp256k1 } from '@noble/curves/secp256k1.js'
const rows = Object.fromEntries(fs.readFileSync('vectors.csv', 'utf8').trim().split('\n').map(l => { const f = l.split(','); return [f[0], f] }))
const pbOf = (type, dataHex) => { const n = dataHex.length / 2; const len = n < 128 ? n.toString(16).padStart(2, '0') : ((n & 0x7f) | 0x80).toString(16) + (n >> 7).toString(16).padStart(2, '0'); return '080' + type + '12' + len + dataHex }
const dataOf = pbHex => pbHex.slice(pbHex.slice(6, 8) >= '80' ? 10 : 8)
const out = []
const add = (name, pbHex, sigHex, row) => out.push([name, pbHex, row[2], sigHex ?? row[3]].join(','))
const ec = rows['spec-ecdsa']; const ecData = dataOf(ec[1])
const xy = ecData.slice(-128); const x = xy.slice(0, 64); const yOdd = parseInt(xy.slice(-2), 16) & 1
add('ecdsa-compressed-point', pbOf(3, '3039301306072a8648ce3d020106082a8648ce3d030107032200' + (yOdd ? '03' : '02') + x), null, ec)
add('ecdsa-secp256k1-curve', pbOf(3, ecData.replace('06082a8648ce3d030107', '06052b8104000a').replace('30593013', '30563010')), null, ec)
add('ecdsa-trailing-byte', pbOf(3, ecData + '00'), null, ec)
add('ecdsa-off-curve', pbOf(3, ecData.slice(0, -2) + ((parseInt(ecData.slice(-2), 16) ^ 1).toString(16).padStart(2, '0'))), null, ec)
const rsa = rows['rsa-2048']; const rsaData = dataOf(rsa[1])
add('ecdsa-type-rsa-key', pbOf(3, rsaData), null, ec)
add('rsa-missing-null', pbOf(0, rsaData.replace('30820122300d06092a864886f70d0101010500', '30820120300b06092a864886f70d010101')), null, rsa)
add('rsa-trailing-byte', pbOf(0, rsaData + '00'), null, rsa)
add('rsa-type-ecdsa-key', pbOf(0, ecData), null, rsa)
add('rsa-nonminimal-length', pbOf(0, rsaData.replace(/^30820122/, '3083000122')), null, rsa)
const k1 = rows['spec-secp256k1']; const k1Data = dataOf(k1[1])
const unc = secp256k1.Point.fromBytes(Buffer.from(k1Data, 'hex')).toBytes(false); const uncHex = Buffer.from(unc).toString('hex')
const odd = unc[64] & 1
add('secp256k1-uncompressed', pbOf(2, uncHex), null, k1)
add('secp256k1-hybrid', pbOf(2, (odd ? '07' : '06') + uncHex.slice(2)), null, k1)
add('secp256k1-hybrid-wrong-parity', pbOf(2, (odd ? '06' : '07') + uncHex.slice(2)), null, k1)
add('secp256k1-prefix-04-short', pbOf(2, '04' + k1Data.slice(2)), null, k1)
add('secp256k1-x-too-big', pbOf(2, '02' + 'ff'.repeat(32)), null, k1)
add('ecdsa-sig-trailing-byte', ec[1], ec[3] + "00", ec)
const sig = ec[3]; const inner = sig.slice(4)
add("ecdsa-sig-extra-element", ec[1], '30' + ((inner.length / 2) + 3).toString(16) + inner + '020101', ec)
add('secp256k1-sig-trailing-byte', k1[1], k1[3] + "00", k1)
console.log(out.join('\n'))
