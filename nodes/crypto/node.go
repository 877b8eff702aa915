// Package crypto is n8n's Crypto node (1): hash, HMAC (of a value or of a
// binary file, streamed), sign with a PEM private key, and random values.
package crypto

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"hash"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/jsvalue"
)

type node struct{}

// New returns the node.
func New() engine.Node { return node{} }

func (node) Describe() engine.Description {
	return engine.Description{
		Type: "n8n-nodes-base.crypto", Versions: []float64{1},
		Defaults: func(float64) map[string]any {
			return map[string]any{"action": "hash", "type": "MD5", "binaryData": false, "binaryPropertyName": "data",
				"value": "", "dataPropertyName": "data", "encoding": "hex", "secret": "", "algorithm": "",
				"privateKey": "", "encodingType": "uuid", "stringLength": 32.0}
		},
		Check: func(p engine.Params, _ float64) []string {
			if a, ok := p.Value("action").(string); ok && !strings.HasPrefix(a, "=") {
				switch a {
				case "hash", "hmac", "sign", "generate":
				default:
					return []string{fmt.Sprintf(`parameter action: expected "hash", "hmac", "sign" or "generate", got %q`, a)}
				}
			}
			return nil
		},
	}
}

// hashes are the algorithms of the node's type list (Node's names).
var hashes = map[string]func() hash.Hash{
	"MD5": md5.New, "SHA1": sha1.New, "SHA256": sha256.New, "SHA384": sha512.New384, "SHA512": sha512.New,
	"SHA3-256": func() hash.Hash { return sha3.New256() }, "SHA3-384": func() hash.Hash { return sha3.New384() },
	"SHA3-512": func() hash.Hash { return sha3.New512() },
}

func (node) Execute(ctx context.Context, ex *engine.Exec) ([][]data.Item, error) {
	action, err := ex.ParamString("action", 0)
	if err != nil {
		return nil, err
	}
	var out []data.Item
	for i, it := range ex.Input(0) {
		res, err := one(ctx, ex, action, i, it)
		if err != nil {
			if !ex.ContinueOnFail() {
				return nil, err
			}
			out = append(out, data.Item{JSON: data.ObjectOf("error", err.Error()), Paired: data.One(i)})
			continue
		}
		out = append(out, res)
	}
	return [][]data.Item{out}, nil
}

func one(ctx context.Context, ex *engine.Exec, action string, i int, it data.Item) (data.Item, error) {
	prop, err := ex.ParamString("dataPropertyName", i)
	if err != nil {
		return data.Item{}, err
	}
	value, err := ex.ParamOr("value", i, "")
	if err != nil {
		return data.Item{}, err
	}
	var result any
	binaryDone := false
	switch action {
	case "generate":
		result, err = generate(ex, i)
	case "hash", "hmac":
		result, binaryDone, err = digest(ctx, ex, action, i, value)
	case "sign":
		result, err = sign(ex, i, value)
	}
	if err != nil {
		return data.Item{}, err
	}
	var js *data.Object
	if strings.Contains(prop, ".") {
		js = data.CloneObject(it.JSON)
	} else {
		js = it.JSON.Clone()
	}
	if js == nil {
		js = data.NewObject(1)
	}
	out := data.Item{JSON: js, Paired: data.One(i)}
	if it.Binary != nil && !binaryDone {
		out.Binary = it.Binary
	}
	if result != nil {
		js.Set(prop, result) // lodash set with ['json', prop]: the name is one key
	}
	return out, nil
}

var nonWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\W`)
})

func generate(ex *engine.Exec, i int) (any, error) {
	enc, err := ex.ParamString("encodingType", i)
	if err != nil {
		return nil, err
	}
	if enc == "uuid" {
		var b [16]byte
		rand.Read(b[:])
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		h := hex.EncodeToString(b[:])
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
	}
	nf, err := ex.ParamNumber("stringLength", i)
	if err != nil {
		return nil, err
	}
	n := max(int(nf), 0)
	if n > 1<<20 {
		return nil, engine.OperationError(i, "The length %d is too long: at most %d characters", n, 1<<20)
	}
	b := make([]byte, n)
	rand.Read(b)
	var s string
	switch enc {
	case "base64":
		s = nonWord().ReplaceAllString(base64.StdEncoding.EncodeToString(b), "")
	case "hex":
		s = hex.EncodeToString(b)
	case "ascii":
		for j := range b {
			b[j] &= 0x7f // Node's "ascii" decoding drops the high bit
		}
		s = string(b)
	default:
		return nil, engine.OperationError(i, "Unknown encoding type %q", enc)
	}
	if len(s) > n {
		s = s[:n]
	}
	return s, nil
}

func encodeDigest(sum []byte, enc string) (string, error) {
	switch enc {
	case "hex":
		return hex.EncodeToString(sum), nil
	case "base64":
		return base64.StdEncoding.EncodeToString(sum), nil
	}
	return "", fmt.Errorf("unknown encoding %q", enc)
}

// dataArg is Node's check of update()'s argument.
func dataArg(v any) ([]byte, error) {
	if s, ok := v.(string); ok {
		return []byte(s), nil
	}
	return nil, fmt.Errorf(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received %s`, received(v))
}

func received(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case data.UndefinedType:
		return "undefined"
	case bool:
		return fmt.Sprintf("type boolean (%v)", x)
	case float64:
		return "type number (" + jsvalue.NumberToString(x) + ")"
	case []any:
		return "an instance of Array"
	}
	return "an instance of Object"
}

func digest(ctx context.Context, ex *engine.Exec, action string, i int, value any) (any, bool, error) {
	typ, err := ex.ParamString("type", i)
	if err != nil {
		return nil, false, err
	}
	enc, err := ex.ParamString("encoding", i)
	if err != nil {
		return nil, false, err
	}
	mk, ok := hashes[typ]
	if !ok {
		return nil, false, fmt.Errorf("Digest method not supported")
	}
	var h hash.Hash
	if action == "hash" {
		h = mk()
	} else {
		secret, err := ex.ParamString("secret", i)
		if err != nil {
			return nil, false, err
		}
		h = hmac.New(mk, []byte(secret))
	}
	useBinary, err := ex.ParamBool("binaryData", i)
	if err != nil {
		return nil, false, err
	}
	if useBinary {
		name, err := ex.ParamString("binaryPropertyName", i)
		if err != nil {
			return nil, false, err
		}
		bin, err := ex.AssertBinary(i, name)
		if err != nil {
			return nil, false, err
		}
		r, err := ex.Binary().Open(bin)
		if err != nil {
			return nil, false, err
		}
		defer r.Close()
		if _, err := io.Copy(h, ctxReader{ctx, r}); err != nil {
			return nil, false, err
		}
	} else {
		b, err := dataArg(value)
		if err != nil {
			return nil, false, err
		}
		h.Write(b)
	}
	s, err := encodeDigest(h.Sum(nil), enc)
	return s, useBinary, err
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// signHashes maps Node's sign algorithm names to a hash.
var signHashes = map[string]crypto.Hash{
	"md5": crypto.MD5, "sha1": crypto.SHA1, "sha224": crypto.SHA224, "sha256": crypto.SHA256,
	"sha384": crypto.SHA384, "sha512": crypto.SHA512, "sha3-256": crypto.SHA3_256,
	"sha3-384": crypto.SHA3_384, "sha3-512": crypto.SHA3_512,
}

func sign(ex *engine.Exec, i int, value any) (any, error) {
	alg, err := ex.ParamString("algorithm", i)
	if err != nil {
		return nil, err
	}
	enc, err := ex.ParamString("encoding", i)
	if err != nil {
		return nil, err
	}
	keyPEM, err := ex.ParamString("privateKey", i)
	if err != nil {
		return nil, err
	}
	name := strings.ToLower(alg)
	name = strings.TrimPrefix(strings.TrimPrefix(name, "rsa-"), "ecdsa-with-")
	h, ok := signHashes[name]
	if !ok {
		return nil, fmt.Errorf("Invalid digest: %s", alg)
	}
	msg, err := dataArg(value)
	if err != nil {
		return nil, err
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		return nil, err
	}
	d := h.New()
	d.Write(msg)
	sum := d.Sum(nil)
	var sig []byte
	switch k := key.(type) {
	case *rsa.PrivateKey:
		sig, err = rsa.SignPKCS1v15(nil, k, h, sum)
	case *ecdsa.PrivateKey:
		sig, err = ecdsa.SignASN1(rand.Reader, k, sum)
	case ed25519.PrivateKey:
		return nil, fmt.Errorf("Invalid digest: %s", alg)
	default:
		return nil, fmt.Errorf("unsupported private key type %T", key)
	}
	if err != nil {
		return nil, err
	}
	return encodeDigest(sig, enc)
}

func parseKey(s string) (any, error) {
	blk, _ := pem.Decode([]byte(s))
	if blk == nil {
		return nil, fmt.Errorf("error:1E08010C:DECODER routines::unsupported")
	}
	if k, err := x509.ParsePKCS8PrivateKey(blk.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParsePKCS1PrivateKey(blk.Bytes); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(blk.Bytes); err == nil {
		return k, nil
	}
	return nil, fmt.Errorf("error:1E08010C:DECODER routines::unsupported")
}
