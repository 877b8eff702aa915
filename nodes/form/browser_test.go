package form_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/browsertest"
)

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBrowserTwoPageForm fills the two-page form as a person: the
// trigger's page, then the second page the browser is sent to
// (/form-waiting/<id>), then the ending page, whose load ends the
// execution.
func TestBrowserTwoPageForm(t *testing.T) {
	ctx := browsertest.New(t)
	base, st := serveFiles(t, true, filepath.Join(testdata, "twopage.workflow.json"))
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/form/flow-two-page?src=mail"),
		chromedp.WaitVisible(chromedp.CSS("#submit-btn")),
		chromedp.SendKeys(chromedp.CSS("#field-0"), "  Ann Lee "),
		chromedp.SendKeys(chromedp.CSS("#field-1"), "ann@example.com"),
		chromedp.Click(chromedp.CSS("#submit-btn")),
		chromedp.WaitVisible(chromedp.CSS("#field-3")), // the second page's textarea
	)
	if err != nil {
		t.Fatal(err)
	}
	title := run(t, ctx, chromedp.Title())
	button := run(t, ctx, chromedp.Text(chromedp.CSS("#submit-btn")))
	loc := run(t, ctx, chromedp.Location())
	if title != "Step two" || button != "Next" {
		t.Errorf("second page: title %q, button %q (%s)", title, button, loc)
	}
	err = chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#field-0"), "Blue"),
		chromedp.SendKeys(chromedp.CSS("#field-1"), "42"),
		chromedp.Click(chromedp.CSS("#option1_field-2")),
		chromedp.SendKeys(chromedp.CSS("#field-3"), "two words"),
		chromedp.Click(chromedp.CSS("#submit-btn")),
		chromedp.WaitVisible(chromedp.CSS("#completion-title")),
	)
	if err != nil {
		t.Fatal(err)
	}
	done := run(t, ctx, chromedp.Text(chromedp.CSS("#completion-title")))
	msg := run(t, ctx, chromedp.Text(chromedp.CSS("#completion-message")))
	if done != "All done" || msg != "Thanks, {{ $json.name }}!" {
		t.Errorf("ending page: %q / %q", done, msg)
	}
	rec := newest(t, st, "success", "error")
	doc, err := data.ParseJSON(rec.Data)
	if err != nil {
		t.Fatal(err)
	}
	runData := doc.(*data.Object).Value("data").(*data.Object).Value("resultData").(*data.Object).Value("runData").(*data.Object)
	out, _ := data.MarshalValue(runData.Value("Combine").([]any)[0].(*data.Object).Value("data"))
	if want := `{"main":[[{"json":{"name":"Ann Lee","color":"Blue","age":42},"pairedItem":{"item":0}}]]}`; string(out) != want {
		t.Errorf("Combine output %s\nwant %s", out, want)
	}
	page, _ := data.MarshalValue(runData.Value("Page two").([]any)[0].(*data.Object).Value("data"))
	if want := `{"main":[[{"json":{"Color":"Blue","Age":42,"Fruits":["Pear"],"Note":"two words","submittedAt":"`; !strings.HasPrefix(string(page), want) {
		t.Errorf("Page two output %s\nwant %s…", page, want)
	}
}
