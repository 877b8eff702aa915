package notion

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/tidwall/gjson"

	fakenotion "github.com/n8n-go/n8n-go/internal/fakes/notion"
)

// BenchmarkSimplify simplifies the 250 pages of the seed's "Many"
// database plus its every-type page, as getAll with simple=true does.
func BenchmarkSimplify(b *testing.B) {
	seed, err := os.ReadFile("../../testdata/notion/seed.json")
	if err != nil {
		b.Fatal(err)
	}
	fake := fakenotion.New(fakenotion.Options{})
	if err := fake.Seed(seed); err != nil {
		b.Fatal(err)
	}
	var st fakenotion.State
	if err := json.Unmarshal(fake.Dump(), &st); err != nil {
		b.Fatal(err)
	}
	var pages []gjson.Result
	for _, p := range st.Pages {
		raw, _ := json.Marshal(p)
		pages = append(pages, gjson.ParseBytes(raw))
	}
	b.ResetTimer()
	for range b.N {
		if _, err := simplifyObjects(pages); err != nil {
			b.Fatal(err)
		}
	}
}
