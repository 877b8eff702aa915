package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// caseResult is how one test case ended.
type caseResult struct {
	name, file string
	problems   []string
	elapsed    time.Duration
}

// testReport prints the outcome of `n8n-go test` as text, or as a stream
// of JSON events in the shape `go test -json` uses (Time, Action, Test,
// Elapsed, Output), so the tools that read one read the other.
type testReport struct {
	w     io.Writer
	json  bool
	now   func() time.Time
	start time.Time
	cases []caseResult
}

type testEvent struct {
	Time     time.Time `json:"Time"`
	Action   string    `json:"Action"`
	Test     string    `json:"Test,omitempty"`
	File     string    `json:"File,omitempty"`
	Elapsed  *float64  `json:"Elapsed,omitempty"`
	Output   string    `json:"Output,omitempty"`
	Problems []string  `json:"Problems,omitempty"`
}

func newTestReport(w io.Writer, asJSON bool) *testReport {
	r := &testReport{w: w, json: asJSON, now: time.Now}
	r.start = r.now()
	r.emit(testEvent{Action: "start"})
	return r
}

func (r *testReport) emit(e testEvent) {
	if !r.json {
		return
	}
	e.Time = r.now()
	b, _ := json.Marshal(e)
	fmt.Fprintf(r.w, "%s\n", b)
}

func seconds(d time.Duration) *float64 {
	s := float64(d.Milliseconds()) / 1000
	return &s
}

// run marks a case as started.
func (r *testReport) run(name, file string) {
	r.emit(testEvent{Action: "run", Test: name, File: file})
}

// note reports something a case did besides pass or fail (an update).
func (r *testReport) note(name, msg string) {
	if !r.json {
		fmt.Fprintln(r.w, msg)
		return
	}
	r.emit(testEvent{Action: "output", Test: name, Output: msg + "\n"})
}

// done reports a finished case.
func (r *testReport) done(c caseResult) {
	r.cases = append(r.cases, c)
	if r.json {
		for _, p := range c.problems {
			r.emit(testEvent{Action: "output", Test: c.name, Output: "    " + strings.ReplaceAll(p, "\n", "\n    ") + "\n"})
		}
		action := "pass"
		if len(c.problems) > 0 {
			action = "fail"
		}
		r.emit(testEvent{Action: action, Test: c.name, File: c.file, Elapsed: seconds(c.elapsed), Problems: c.problems})
		return
	}
	if len(c.problems) == 0 {
		fmt.Fprintf(r.w, "PASS %s\n", c.name)
		return
	}
	fmt.Fprintf(r.w, "FAIL %s\n", c.name)
	for _, p := range c.problems {
		fmt.Fprintf(r.w, "    %s\n", strings.ReplaceAll(p, "\n", "\n    "))
	}
}

func (r *testReport) counts() (passed, failed int) {
	for _, c := range r.cases {
		if len(c.problems) == 0 {
			passed++
		} else {
			failed++
		}
	}
	return passed, failed
}

// end reports the totals.
func (r *testReport) end() {
	passed, failed := r.counts()
	if r.json {
		action := "pass"
		if failed > 0 {
			action = "fail"
		}
		r.emit(testEvent{Action: action, Elapsed: seconds(r.now().Sub(r.start)),
			Output: fmt.Sprintf("%d passed, %d failed\n", passed, failed)})
		return
	}
	fmt.Fprintf(r.w, "%d passed, %d failed\n", passed, failed)
}

// JUnit XML, as CI systems (GitLab, Jenkins, GitHub reporters) read it.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes the cases as a JUnit XML report to path.
func (r *testReport) writeJUnit(path string) error {
	passed, failed := r.counts()
	s := junitSuite{Name: "n8n-go test", Tests: passed + failed, Failures: failed,
		Time: fmt.Sprintf("%.3f", r.now().Sub(r.start).Seconds())}
	for _, c := range r.cases {
		jc := junitCase{Name: c.name, Classname: c.file, Time: fmt.Sprintf("%.3f", c.elapsed.Seconds())}
		if len(c.problems) > 0 {
			jc.Failure = &junitFailure{Message: c.problems[0], Text: strings.Join(c.problems, "\n")}
		}
		s.Cases = append(s.Cases, jc)
	}
	b, err := xml.MarshalIndent(junitSuites{Suites: []junitSuite{s}}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(b, '\n')...), 0o644)
}
