package jsvalue

import (
	"reflect"
	"testing"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestParseLoose(t *testing.T) {
	got, err := ParseLoose(`{a: 1, 'b': 'two', c: [true, -2,], d: ident, /* c */ "e": null,}`)
	if err != nil {
		t.Fatal(err)
	}
	want := data.ObjectOf("a", 1.0, "b", "two", "c", []any{true, -2.0}, "d", "ident", "e", nil)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v", got)
	}
	if _, err := ParseLoose("{nope"); err == nil {
		t.Error("invalid literal parsed")
	}
}
