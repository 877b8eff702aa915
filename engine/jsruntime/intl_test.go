package jsruntime

import (
	"context"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/intl"
)

// TestIntlWiring checks that scripts reach engine/intl (whose own tests
// hold the outputs recorded from Node's Intl) with their locales and
// options, through every entry point.
func TestIntlWiring(t *testing.T) {
	at := time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC)
	de := intl.Resolve("de-DE")
	us := intl.Resolve("en-US")
	cur := intl.DefaultNumber()
	cur.Style, cur.Currency = "currency", "EUR"
	cases := []struct{ code, want string }{
		{`return new Date(Date.UTC(2024,2,5,14,7,9)).toLocaleString('de-DE', {timeZone: 'UTC'})`,
			intl.FormatDate(at, de, intl.DateOptions{}, intl.DefaultAll)},
		{`return new Date(Date.UTC(2024,2,5,14,7,9)).toLocaleDateString('en-US', {year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC'})`,
			intl.FormatDate(at, us, intl.DateOptions{Year: "numeric", Month: "long", Day: "numeric"}, intl.DefaultDate)},
		{`return new Date(Date.UTC(2024,2,5,14,7,9)).toLocaleTimeString('en-GB', {hour12: false, timeZone: 'UTC'})`,
			intl.FormatDate(at, intl.Resolve("en-GB"), intl.DateOptions{Hour12: new(bool)}, intl.DefaultTime)},
		{`return new Intl.DateTimeFormat('en-US', {dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC'}).format(new Date(Date.UTC(2024,2,5,14,7,9)))`,
			intl.FormatDate(at, us, intl.DateOptions{DateStyle: "medium", TimeStyle: "short"}, intl.DefaultDate)},
		{`return (1234567.891).toLocaleString('de-DE', {style: 'currency', currency: 'EUR'})`,
			intl.FormatNumber(1234567.891, de, cur)},
		{`return Intl.NumberFormat('de-DE', {style: 'currency', currency: 'EUR'}).format(1234567.891)`,
			intl.FormatNumber(1234567.891, de, cur)},
		{`return (1234.5).toLocaleString()`, intl.FormatNumber(1234.5, us, intl.DefaultNumber())},
	}
	for _, c := range cases {
		rt := newRT(t, context.Background(), Options{})
		got, err := run(t, rt, c.code)
		if err != nil {
			t.Fatalf("%s: %v", c.code, err)
		}
		if got != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.code, got, c.want)
		}
	}
}
