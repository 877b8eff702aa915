package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/n8n-go/n8n-go/engine/data"
)

// exportKeys is the key order of a workflow in `n8n export:workflow`
// (1.123): the entity's columns, then its tags.
var exportKeys = []string{"updatedAt", "createdAt", "id", "name", "description", "active", "isArchived",
	"nodes", "connections", "settings", "staticData", "meta", "pinData", "versionId", "activeVersionId",
	"versionCounter", "triggerCount", "tags"}

// apiOnlyKeys are what the API adds that is not the workflow: the copy of
// the published version, and the sharing relation (export:workflow writes
// it with the owning project, which the API does not give; it says who
// owns the workflow, not what it does).
var apiOnlyKeys = map[string]bool{"activeVersion": true, "shared": true, "parentFolder": true}

// exportForm turns a workflow as the public API answers it
// (GET /workflows/{id}) into the file pull writes: the content
// export:workflow writes, without "shared", in its key order, printed as
// JSON.stringify(workflow, null, 2) (export:workflow --pretty) with a
// final newline. Values are kept exactly (numbers as JavaScript prints
// them, strings as n8n writes them).
func exportForm(raw []byte) ([]byte, error) {
	v, err := data.ParseJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("workflow from the API: %w", err)
	}
	obj, ok := v.(*data.Object)
	if !ok {
		return nil, fmt.Errorf("workflow from the API: not a JSON object")
	}
	out := data.NewObject(obj.Len())
	for _, k := range exportKeys {
		if v, ok := obj.Get(k); ok {
			out.Set(k, v)
		}
	}
	// Keys a later n8n adds are kept, after the known ones.
	for k, v := range obj.All() {
		if !out.Has(k) && !apiOnlyKeys[k] {
			out.Set(k, v)
		}
	}
	return indentJS(out)
}

// indentJS prints v as JSON.stringify(v, null, 2) does, plus a newline.
func indentJS(v any) ([]byte, error) {
	compact, err := data.MarshalValue(v)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, compact, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
