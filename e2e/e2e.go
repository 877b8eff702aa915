// Package e2e runs the template workflows/notion-clockify-sync.json with
// n8n-go against the fake Notion and Clockify APIs of each scenario in
// testdata/scenarios and compares everything with what real n8n 1.123.81
// did on the same scenario (recorded by testdata/scenarios/record.sh): the
// run data of every node, run and output (json and pairedItem), the
// ordered API requests, and both fakes' final states.
package e2e
