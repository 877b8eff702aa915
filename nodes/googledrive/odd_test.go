package googledrive_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/nodes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// TestOddParametersDoNotPanic runs parameter shapes n8n's UI never makes
// (wrong types, missing fields, malformed collections): each run ends,
// with or without an error, and never panics (the engine would report
// a panic as "internal error in node").
func TestOddParametersDoNotPanic(t *testing.T) {
	fake := seededFake(t, "none")
	srv := httptest.NewServer(fake)
	defer srv.Close()
	rl := func(v any) map[string]any { return map[string]any{"__rl": true, "mode": "id", "value": v} }
	cases := []map[string]any{
		{"operation": "download", "fileId": 5.0, "options": "x"},
		{"operation": "download", "fileId": map[string]any{"__rl": true, "mode": "url", "value": "not a url"}},
		{"operation": "upload", "inputDataFieldName": "", "folderId": []any{}},
		{"operation": "upload", "name": nil},
		{"operation": "copy", "fileId": "plain", "sameFolder": "no"},
		{"operation": "move", "fileId": rl(nil), "folderId": 3.0},
		{"operation": "update", "fileId": rl("1FileNotesTxt00000000000000000000004"), "options": map[string]any{"fields": "id", "propertiesUi": map[string]any{"propertyValues": []any{1.0, map[string]any{}}}}},
		{"operation": "share", "fileId": rl("x"), "permissionsUi": "x"},
		{"operation": "deleteFile", "fileId": nil},
		{"operation": "createFromText", "content": map[string]any{}, "options": map[string]any{"convertToGoogleDocument": true}},
		{"resource": "fileFolder", "filter": map[string]any{"folderId": "x", "fileTypes": "all"}, "limit": "x", "options": map[string]any{"fields": []any{1.0}}},
		{"resource": "folder", "operation": "create", "name": []any{}, "options": map[string]any{"simplifyOutput": "x"}},
		{"resource": "drive", "operation": "list", "returnAll": true, "options": 1.0},
		{"resource": "drive", "operation": "get", "driveId": nil},
		{"resource": "nope"},
	}
	for i, params := range cases {
		doc := map[string]any{
			"nodes": []any{
				map[string]any{"id": "t", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1.0, "position": []any{0.0, 0.0}, "parameters": map[string]any{}},
				map[string]any{"id": "g", "name": "Drive", "type": "n8n-nodes-base.googleDrive", "typeVersion": 3.0, "position": []any{200.0, 0.0}, "parameters": params,
					"credentials": map[string]any{"googleDriveOAuth2Api": map[string]any{"id": "drive-test", "name": "Drive test"}}},
			},
			"connections": map[string]any{"Start": map[string]any{"main": []any{[]any{map[string]any{"node": "Drive", "type": "main", "index": 0.0}}}}},
		}
		b, _ := json.Marshal(doc)
		w, err := workflow.Parse(b, "")
		if err != nil {
			t.Fatalf("case %d: parse: %v", i, err)
		}
		store := goldenStore(t)
		eng := enginetest.Engine(t, enginetest.Options{
			Nodes:       []engine.Node{manualtrigger.New(), googledrive.New()},
			Expressions: expression.New(expression.Options{}),
			Credentials: store,
			Endpoints:   map[string]string{"www.googleapis.com": srv.URL},
		})
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("case %d (%v): panic %v", i, params, p)
				}
			}()
			res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"})
			if err != nil {
				return
			}
			// The engine turns a node panic into "internal error in node".
			if b, _ := json.Marshal(res); strings.Contains(string(b), "internal error in node") {
				t.Errorf("case %d (%v): the node panicked: %s", i, params, b)
			}
		}()
	}
}
