package jsruntime

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"slices"
	"strings"

	"github.com/dop251/goja"
	"github.com/google/uuid"
)

// installRequire sets require() with n8n's default policy: built-in and
// external modules are refused unless NODE_FUNCTION_ALLOW_BUILTIN /
// NODE_FUNCTION_ALLOW_EXTERNAL name them. n8n-go offers crypto among the
// built-ins and no external module; a refused or missing module fails
// with vm2's text, which n8n shows.
func (r *Runtime) installRequire() {
	_ = r.vm.Set("require", func(c goja.FunctionCall) goja.Value {
		name := c.Argument(0).String()
		mod := strings.TrimPrefix(name, "node:")
		if allowed(r.opts.AllowBuiltin, mod) && mod == "crypto" {
			return r.cryptoModule()
		}
		panic(r.newError("VMError", "Cannot find module '"+name+"'"))
	})
}

func allowed(list []string, name string) bool {
	return slices.Contains(list, "*") || slices.Contains(list, name)
}

func (r *Runtime) cryptoModule() goja.Value {
	vm := r.vm
	m := vm.NewObject()
	newHash := func(alg string, key []byte) hash.Hash {
		var f func() hash.Hash
		switch strings.ToLower(alg) {
		case "md5":
			f = md5.New
		case "sha1":
			f = sha1.New
		case "sha256":
			f = sha256.New
		case "sha384":
			f = sha512.New384
		case "sha512":
			f = sha512.New
		default:
			panic(r.newError("Error", "Digest method not supported"))
		}
		if key != nil {
			return hmac.New(f, key)
		}
		return f()
	}
	hashObj := func(h hash.Hash) *goja.Object {
		o := vm.NewObject()
		_ = o.Set("update", func(c goja.FunctionCall) goja.Value {
			h.Write([]byte(c.Argument(0).String()))
			return o
		})
		_ = o.Set("digest", func(c goja.FunctionCall) goja.Value {
			sum := h.Sum(nil)
			switch enc := c.Argument(0); {
			case goja.IsUndefined(enc):
				return vm.ToValue(vm.NewArrayBuffer(sum))
			case enc.String() == "hex":
				return vm.ToValue(hex.EncodeToString(sum))
			case enc.String() == "base64":
				return vm.ToValue(base64.StdEncoding.EncodeToString(sum))
			case enc.String() == "base64url":
				return vm.ToValue(base64.RawURLEncoding.EncodeToString(sum))
			case enc.String() == "latin1" || enc.String() == "binary":
				b := make([]rune, len(sum))
				for i, x := range sum {
					b[i] = rune(x)
				}
				return vm.ToValue(string(b))
			}
			panic(r.newError("Error", "n8n-go: digest encoding "+c.Argument(0).String()+" is not supported"))
		})
		return o
	}
	_ = m.Set("createHash", func(alg string) *goja.Object { return hashObj(newHash(alg, nil)) })
	_ = m.Set("createHmac", func(alg string, key string) *goja.Object { return hashObj(newHash(alg, []byte(key))) })
	_ = m.Set("randomUUID", func() string { return uuid.NewString() })
	_ = m.Set("randomBytes", func(n int) goja.Value {
		if n < 0 || n > 1<<20 {
			panic(vm.NewTypeError("The value of \"size\" is out of range."))
		}
		b := make([]byte, n)
		_, _ = rand.Read(b)
		o := vm.NewObject()
		_ = o.Set("toString", func(enc string) string {
			if enc == "base64" {
				return base64.StdEncoding.EncodeToString(b)
			}
			return hex.EncodeToString(b)
		})
		return o
	})
	_ = m.Set("randomInt", func(c goja.FunctionCall) goja.Value {
		lo, hi := int64(0), c.Argument(0).ToInteger()
		if len(c.Arguments) > 1 {
			lo, hi = hi, c.Argument(1).ToInteger()
		}
		if hi <= lo {
			panic(vm.NewTypeError("The value of \"max\" is out of range."))
		}
		var b [8]byte
		_, _ = rand.Read(b[:])
		n := int64(uint64(b[0])|uint64(b[1])<<8|uint64(b[2])<<16|uint64(b[3])<<24|uint64(b[4])<<32) % (hi - lo)
		return vm.ToValue(lo + n)
	})
	return m
}
