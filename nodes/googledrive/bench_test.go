package googledrive_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
	"github.com/n8n-go/n8n-go/engine/enginetest"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/workflow"
	fakegoogledrive "github.com/n8n-go/n8n-go/internal/fakes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/googledrive"
	"github.com/n8n-go/n8n-go/nodes/manualtrigger"
)

// BenchmarkSearchAll is Search with Return All over a folder of 1,000
// files with every field ("*"): 10 pages of 100.
func BenchmarkSearchAll(b *testing.B) {
	type file struct {
		Name     string   `json:"name"`
		MimeType string   `json:"mimeType"`
		Parents  []string `json:"parents,omitempty"`
		ID       string   `json:"id"`
	}
	seed := struct {
		Files []file `json:"files"`
	}{Files: []file{{ID: "F", Name: "Bulk", MimeType: "application/vnd.google-apps.folder"}}}
	for i := range 1000 {
		seed.Files = append(seed.Files, file{ID: fmt.Sprintf("file%04d", i), Name: fmt.Sprintf("report-%04d.csv", i), MimeType: "text/csv", Parents: []string{"F"}})
	}
	doc, _ := json.Marshal(seed)
	fake := fakegoogledrive.New(fakegoogledrive.Options{})
	if err := fake.Seed(doc); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	store, err := credentials.Load("../../testdata/googledrive/creds.json", nil)
	if err != nil {
		b.Fatal(err)
	}
	wf := `{"nodes":[{"id":"t","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
	{"id":"g","name":"Drive","type":"n8n-nodes-base.googleDrive","typeVersion":3,"position":[200,0],
	 "parameters":{"resource":"fileFolder","returnAll":true,"queryString":"report","filter":{"folderId":{"__rl":true,"mode":"id","value":"F"}},"options":{"fields":["*"]}},
	 "credentials":{"googleDriveOAuth2Api":{"id":"drive-test","name":"Drive test"}}}],
	"connections":{"Start":{"main":[[{"node":"Drive","type":"main","index":0}]]}}}`
	w, err := workflow.Parse([]byte(wf), "")
	if err != nil {
		b.Fatal(err)
	}
	eng := enginetest.Engine(b, enginetest.Options{
		Nodes:       []engine.Node{manualtrigger.New(), googledrive.New()},
		Expressions: expression.New(expression.Options{}),
		Credentials: store,
		Endpoints:   map[string]string{"www.googleapis.com": srv.URL},
	})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "cli"}); err != nil {
			b.Fatal(err)
		}
		fake.ResetLog()
	}
}
