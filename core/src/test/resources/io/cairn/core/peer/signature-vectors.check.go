// Checks the vectors the way go-libp2p core/crypto verifies (written from reading it, Go stdlib + decred v4.4.0).
// Module "keyscheck" requiring github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.0 (replaced by a local checkout of
// dcrd tag dcrec/secp256k1/v4.4.0); run as: go run . < signature-vectors.csv rows without the expect column.
package main

import (
	"bufio"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"math/big"
	"os"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	decdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"crypto/ed25519"
)

func verify(pbKey, msg, sig []byte) (bool, error) {
	// PublicKey protobuf: 08 <type> 12 <varint len> <data>
	if pbKey[0] != 0x08 || pbKey[2] != 0x12 {
		return false, fmt.Errorf("unexpected pb")
	}
	typ := pbKey[1]
	i := 3
	l, shift := 0, 0
	for {
		b := pbKey[i]
		i++
		l |= int(b&0x7f) << shift
		shift += 7
		if b < 0x80 {
			break
		}
	}
	data := pbKey[i:]
	if len(data) != l {
		return false, fmt.Errorf("length")
	}
	h := sha256.Sum256(msg)
	switch typ {
	case 0:
		k, err := x509.ParsePKIXPublicKey(data)
		if err != nil {
			return false, err
		}
		pk, ok := k.(*rsa.PublicKey)
		if !ok {
			return false, fmt.Errorf("not actually an rsa public key")
		}
		if pk.N.BitLen() < 2048 || pk.N.BitLen() > 8192 {
			return false, fmt.Errorf("size")
		}
		return rsa.VerifyPKCS1v15(pk, crypto.SHA256, h[:], sig) == nil, nil
	case 1:
		return ed25519.Verify(ed25519.PublicKey(data), msg, sig), nil
	case 2:
		k, err := secp256k1.ParsePubKey(data)
		if err != nil {
			return false, err
		}
		s, err := decdsa.ParseDERSignature(sig)
		if err != nil {
			return false, err
		}
		return s.Verify(h[:], k), nil
	case 3:
		k, err := x509.ParsePKIXPublicKey(data)
		if err != nil {
			return false, err
		}
		pk, ok := k.(*ecdsa.PublicKey)
		if !ok {
			return false, fmt.Errorf("not ecdsa")
		}
		var rs struct{ R, S *big.Int }
		if _, err := asn1.Unmarshal(sig, &rs); err != nil {
			return false, err
		}
		return ecdsa.Verify(pk, h[:], rs.R, rs.S), nil
	}
	return false, fmt.Errorf("type")
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), ",")
		if len(f) < 4 || strings.HasPrefix(f[0], "#") {
			continue
		}
		k, _ := hex.DecodeString(f[1])
		m, _ := hex.DecodeString(f[2])
		s, _ := hex.DecodeString(f[3])
		ok, err := verify(k, m, s)
		flipped := append([]byte(nil), s...)
		flipped[len(flipped)-1] ^= 1
		okf, _ := verify(k, m, flipped)
		fmt.Println(f[0], "verify:", ok, err, "flipped:", okf)
	}
}
