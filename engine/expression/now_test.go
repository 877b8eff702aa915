package expression

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// tickingData's clock moves 1 ms at every reading.
type tickingData struct {
	*fakeData
	t time.Time
}

func (d *tickingData) Now() time.Time {
	d.t = d.t.Add(time.Millisecond)
	return d.t
}

// TestNowFixedPerEvaluation: n8n builds $now and $today once per data
// proxy, so two mentions in one expression are the same instant.
func TestNowFixedPerEvaluation(t *testing.T) {
	e := New(Options{})
	for _, tt := range []struct{ expr, want string }{
		{"={{ $now.diff($now.minus({ hours: 2 }), 'hours').hours }}", "2"},
		{"={{ $now.toMillis() === $now.toMillis() }}", "true"},
		{"={{ $today.equals($today) }}", "true"},
	} {
		d := &tickingData{fakeData: simpleData(map[string]any{}), t: time.Date(2024, 1, 15, 10, 0, 0, 0, time.UTC)}
		d.fakeData.loc = time.UTC
		got, err := e.Evaluate(context.Background(), tt.expr, d)
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		if s := fmt.Sprint(got); s != tt.want {
			t.Errorf("%s = %s, want %s", tt.expr, s, tt.want)
		}
	}
}
