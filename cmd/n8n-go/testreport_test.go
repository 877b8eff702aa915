package main

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTestJSONStreamAndJUnit(t *testing.T) {
	dir, _ := copyCase(t, "orders/pinned.test.json", func(s string) string {
		return strings.Replace(s, `"id": 3, "customer": "CY", "total": 75, "cents": 7500, "priority": "high"`, `"id": 3, "customer": "CYX", "total": 75, "cents": 7500, "priority": "high"`, 1)
	})
	junit := filepath.Join(t.TempDir(), "report.xml")
	code, out, _ := runTestCmd(t, "--json", "--junit", junit, dir)
	if code != exitFailed {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var actions []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var e struct {
			Action, Test, Output string
			Elapsed              *float64
		}
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("not a JSON event: %q", sc.Text())
		}
		actions = append(actions, e.Action+":"+e.Test)
		if e.Action == "output" && !strings.Contains(e.Output, `want "CYX", got "CY"`) {
			t.Errorf("output event: %q", e.Output)
		}
		if (e.Action == "pass" || e.Action == "fail") && e.Elapsed == nil {
			t.Errorf("%s event without Elapsed", e.Action)
		}
	}
	if got := strings.Join(actions, " "); got != "start: run:pinned output:pinned fail:pinned fail:" {
		t.Fatalf("events: %s\n%s", got, out)
	}
	b, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var rep junitSuites
	if err := xml.Unmarshal(b, &rep); err != nil || len(rep.Suites) != 1 || rep.Suites[0].Tests != 1 || rep.Suites[0].Failures != 1 ||
		rep.Suites[0].Cases[0].Failure == nil || !strings.Contains(rep.Suites[0].Cases[0].Failure.Text, `want "CYX"`) {
		t.Fatalf("junit (%v):\n%s", err, b)
	}
	if code, _, errs := runTestCmd(t, "--junit", filepath.Join(dir, "no", "r.xml"), dir); code != exitInvalid || !strings.Contains(errs, "--junit") {
		t.Fatalf("bad --junit path: %d %s", code, errs)
	}
}

// A typo in an expected node name fails the case, with a suggestion, and
// --update does not turn it into "must not run".
func TestTestExpectTypo(t *testing.T) {
	dir, path := copyCase(t, "orders/pinned.test.json", func(s string) string {
		return strings.Replace(s, `"Merge": [`, `"Merg": [`, 1)
	})
	before, _ := os.ReadFile(path)
	for _, args := range [][]string{{dir}, {"--update", dir}} {
		code, out, _ := runTestCmd(t, args...)
		if code != exitFailed || !strings.Contains(out, `expect "Merg": the workflow has no node "Merg" (did you mean "Merge"?)`) {
			t.Fatalf("%v: exit %d\n%s", args, code, out)
		}
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("--update rewrote a case with an unknown node name")
	}
}
