package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Set at build time, e.g.
//
//	go build -ldflags "-X main.version=0.2.0 -X main.commit=$(git rev-parse HEAD) -X main.date=$(date -u +%FT%TZ)"
//
// Without them the commit and date come from the Go toolchain's VCS stamp
// when there is one.
var (
	version = "0.1.0-dev"
	commit  = ""
	date    = ""
)

// versionInfo is what `n8n-go version` prints.
type versionInfo struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"buildDate"`
	Go      string `json:"goVersion"`
	Target  string `json:"platform"`
	N8n     string `json:"n8nSemantics"`
}

func buildInfo() versionInfo {
	v := versionInfo{Version: version, Commit: commit, Date: date, Go: runtime.Version(),
		Target: runtime.GOOS + "/" + runtime.GOARCH, N8n: "1.123.x"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if v.Commit == "" {
					v.Commit = s.Value
				}
			case "vcs.time":
				if v.Date == "" {
					v.Date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit == "" && v.Commit != "" {
			v.Commit += "-dirty"
		}
	}
	if v.Commit == "" {
		v.Commit = "unknown"
	}
	if v.Date == "" {
		v.Date = "unknown"
	}
	return v
}

func (v versionInfo) String() string {
	return fmt.Sprintf("%s (commit %s, built %s, %s %s; n8n semantics of %s)", v.Version, v.Commit, v.Date, v.Go, v.Target, v.N8n)
}

func newVersionCmd(env cliEnv) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit, build date and Go version",
		Example: `  n8n-go version
  n8n-go version --json`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			v := buildInfo()
			if asJSON {
				b, _ := json.MarshalIndent(v, "", "  ")
				fmt.Fprintln(env.stdout, string(b))
				return nil
			}
			fmt.Fprintln(env.stdout, "n8n-go "+v.String())
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object")
	return cmd
}
