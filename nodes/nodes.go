// Package nodes is the one list of every node type n8n-go implements.
// Adding a node means adding its package and one line here.
package nodes

import (
	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/nodes/limit"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
	"github.com/n8n-go/n8n-go/nodes/noop"
	"github.com/n8n-go/n8n-go/nodes/stickynote"
	"github.com/n8n-go/n8n-go/nodes/stopanderror"
)

// All returns one value of every node type.
func All() []engine.Node {
	return []engine.Node{
		manualtrigger.New(),
		noop.New(),
		limit.New(),
		stopanderror.New(),
		stickynote.New(),
	}
}

// Registry returns a registry of every node type.
func Registry() (*engine.Registry, error) { return engine.NewRegistry(All()...) }
