// Package browsertest starts the headless Chromium that web page tests
// (forms) drive as a person would, through chromedp.
package browsertest

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// path finds a headless-capable Chromium (Debian's chromium package in CI,
// see .ci/run).
func path() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New returns a browser tab's context, ended with the test, and skips the
// test when no Chromium is installed. The browser is started here, and a
// start that fails is tried again: on a loaded machine (two test packages
// starting Chromium at once) the first start sometimes times out.
func New(t *testing.T) context.Context {
	t.Helper()
	p := path()
	if p == "" {
		t.Skip("no Chromium found (CI installs Debian's chromium package)")
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(p), chromedp.NoSandbox, chromedp.Flag("disable-dev-shm-usage", true))
		actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelC := chromedp.NewContext(actx)
		if err = chromedp.Do(ctx); err == nil {
			ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
			t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
			return ctx
		}
		cancelC()
		cancelA()
		time.Sleep(time.Second)
	}
	t.Fatalf("chrome failed to start three times: %v", err)
	return nil
}
