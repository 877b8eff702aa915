package jsruntime_test

import (
	"context"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/engine/expression"
	"github.com/n8n-go/n8n-go/engine/jsruntime"
	"github.com/n8n-go/n8n-go/engine/scope"
)

type nowData struct{ scope.Data }

func (nowData) Now() time.Time                     { return time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC) }
func (nowData) Location() *time.Location           { return time.UTC }
func (nowData) InputItems() []data.Item            { return nil }
func (nowData) ItemIndex() int                     { return 0 }
func (nowData) RunIndex() int                      { return 0 }
func (nowData) Parameters() *data.Object           { return nil }
func (nowData) PrevNode() (string, int, int, bool) { return "", 0, 0, false }
func (nowData) Workflow() scope.WorkflowInfo       { return scope.WorkflowInfo{} }
func (nowData) Execution() scope.ExecutionInfo     { return scope.ExecutionInfo{} }
func (nowData) Vars() *data.Object                 { return nil }

// TestLuxonBridge: DateTime, Duration and $now in scripts are the
// expression evaluator's Luxon.
func TestLuxonBridge(t *testing.T) {
	rt := jsruntime.New(context.Background(), jsruntime.Options{Bridge: expression.New(expression.Options{})})
	rt.Bind(nowData{}, nil)
	cases := map[string]string{
		`return $now.toISO()`: `"2024-01-15T10:00:00.000Z"`,
		`return $today.plus({days: 1}).toFormat('yyyy-MM-dd')`:                 `"2024-01-16"`,
		`return DateTime.fromISO('2024-03-01T12:00:00Z').setZone('utc').month`: `3`,
		`return Duration.fromObject({hours: 2}).as('minutes')`:                 `120`,
		`return {d: DateTime.fromMillis(0, {zone: 'utc'})}`:                    `{"d":"1970-01-01T00:00:00.000Z"}`,
		`return $now.constructor.name`:                                         `"Object"`,
		`return JSON.stringify({d: DateTime.fromMillis(0, {zone: 'utc'})})`:    `"{\"d\":\"1970-01-01T00:00:00.000Z\"}"`,
		`return DateTime.fromMillis(1000) > DateTime.fromMillis(0)`:            `true`,
	}
	for code, want := range cases {
		v, err := rt.RunBody("Code", code)
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		g, err := rt.FromJS(v)
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		b, _ := data.MarshalValue(g)
		if string(b) != want {
			t.Errorf("%s = %s, want %s", code, b, want)
		}
	}
}
