package gmail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/workflow"
	"github.com/n8n-go/n8n-go/internal/apitest"
	fakegmail "github.com/n8n-go/n8n-go/internal/fakes/gmail"
	"github.com/n8n-go/n8n-go/internal/golden"
)

// triggerGoldenDir holds real n8n serving the Gmail Trigger
// (testdata/gmailtrigger/record.sh: `n8n start`, since `n8n execute`
// cannot start at a polling trigger).
const triggerGoldenDir = "../../testdata/gmailtrigger"

// afterRe is the poll's after: time, n8n's now when it activated the
// workflow: it differs between the recording and the test.
var afterRe = regexp.MustCompile(`after%3A17[0-9]{8}\b`)

// TestTriggerServeGoldenFromN8n replays what n8n did while serving the
// workflow: the activation poll (nothing new), the message added to the
// inbox, the poll that started the execution and the poll after it that
// found nothing; the execution, every request (the after: time of the
// first two polls aside) and the fake's final state must match n8n's.
func TestTriggerServeGoldenFromN8n(t *testing.T) {
	want, err := os.ReadFile(filepath.Join(triggerGoldenDir, "serve.n8n.json"))
	if err != nil {
		t.Skip("no recording: run testdata/gmailtrigger/record.sh")
	}
	seed, err := os.ReadFile(filepath.Join(triggerGoldenDir, "serve.seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	fake := fakegmail.New(fakegmail.Options{Tokens: []string{"test-gmail-token"}})
	if err := fake.Seed(seed); err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(fake)
	defer api.Close()
	wfJSON, err := os.ReadFile(filepath.Join(triggerGoldenDir, "serve.workflow.json"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := workflow.Parse(wfJSON, "")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	eng := triggerEngine(t, api.URL, func() time.Time { return now })
	static := data.NewObject(0)
	poll := func() []data.Item {
		t.Helper()
		items, err := eng.Poll(context.Background(), w, "Gmail Trigger", static)
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	if items := poll(); items != nil {
		t.Fatalf("activation poll emitted %d items", len(items))
	}
	msg, err := os.ReadFile(filepath.Join(triggerGoldenDir, "serve.message.json"))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, api.URL+"/gmail/v1/users/me/messages", bytes.NewReader(msg))
	req.Header.Set("Authorization", "Bearer test-gmail-token")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "*/*") // as curl sent it in record.sh
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	now = now.Add(time.Minute)
	items := poll()
	if items == nil {
		t.Fatal("the poll after the new message emitted nothing")
	}
	res, err := eng.Run(context.Background(), w, engine.RunOptions{Mode: "trigger", Start: "Gmail Trigger", StartItems: items})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	if items := poll(); items != nil {
		t.Fatalf("the next poll emitted %d items again", len(items))
	}
	got, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := golden.CompareRuns(want, got, golden.Options{}); len(diffs) > 0 {
		t.Errorf("execution differs from n8n's (want = n8n):\n  %s", strings.Join(diffs, "\n  "))
	}
	key := func(r fakegmail.Request) string { return afterRe.ReplaceAllString(requestKey(r), "after%3ANOW") }
	apitest.CompareRequestsAndState(t, triggerGoldenDir, "serve", fake.Requests(), key, fake.Dump())
}
