package httprecord

import (
	"fmt"

	"github.com/n8n-go/n8n-go/engine/workflow"
)

// Resolver is what an engine.CredentialStore does.
type Resolver interface {
	Resolve(typ string, ref *workflow.CredentialRef) (map[string]any, error)
}

// Credentials wraps a credential store for a recorded or replayed run:
// every credential it resolves is registered with secrets, so its values
// are scrubbed from the recording. When inner has no credential of a type
// and fallback (a Recording's Credentials) has one, the fallback's
// placeholder data is used: a replay needs no real credentials.
func Credentials(inner Resolver, secrets *Secrets, fallback map[string]map[string]any) Resolver {
	return &credentials{inner: inner, secrets: secrets, fallback: fallback}
}

type credentials struct {
	inner    Resolver
	secrets  *Secrets
	fallback map[string]map[string]any
}

func (c *credentials) Resolve(typ string, ref *workflow.CredentialRef) (map[string]any, error) {
	var (
		data map[string]any
		err  error
	)
	if c.inner != nil {
		data, err = c.inner.Resolve(typ, ref)
	}
	if c.inner == nil || err != nil {
		shape, ok := c.fallback[typ]
		if !ok {
			if err == nil {
				err = fmt.Errorf("no credential of type %s (none given, and the HTTP recording has none)", typ)
			}
			return nil, err
		}
		data, err = copyMap(shape), nil
	}
	if c.secrets != nil {
		c.secrets.AddCredential(typ, data)
	}
	return data, nil
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = copyMap(sub)
		}
		out[k] = v
	}
	return out
}
