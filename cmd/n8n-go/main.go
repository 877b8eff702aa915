// Command n8n-go runs n8n workflow JSON files unchanged, with n8n's
// semantics, as a single binary.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// cliEnv is what a command may touch of the outside world; tests pass
// their own.
type cliEnv struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// environ is the whole environment, for $env when allowed.
	environ []string
}

type command struct {
	name    string
	summary string
	run     func(args []string, env cliEnv) int
}

// commands is the command table; each command lives in its own file.
func commands() []command {
	return []command{
		{"run", "run a workflow once and print a summary (or the run data)", runCommand},
		{"validate", "check a workflow without running it", validateCommand},
		{"serve", "activate the triggers (schedules, webhooks) of workflows and run them as they fire", serveCommand},
		{"executions", "list or show the runs `serve` kept", executionsCommand},
		{"test", "run workflow test cases (*.test.json): compare node outputs, replay recorded HTTP", testCommand},
		{"eval", "evaluate an n8n expression", evalCommand},
		{"version", "print the version", versionCommand},
		{"help", "show help for a command", helpCommand},
	}
}

// Exit codes: 0 success, 1 the workflow failed, 2 usage or validation error.
const (
	exitOK      = 0
	exitFailed  = 1
	exitInvalid = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := cliEnv{ctx: ctx, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, environ: os.Environ()}
	os.Exit(dispatch(os.Args[1:], env))
}

func dispatch(args []string, env cliEnv) int {
	if len(args) == 0 {
		usage(env.stderr)
		return exitInvalid
	}
	name := args[0]
	switch name {
	case "-h", "--help":
		usage(env.stdout)
		return exitOK
	case "-v", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(args[1:], env)
		}
	}
	fmt.Fprintf(env.stderr, "n8n-go: unknown command %q\n\n", name)
	usage(env.stderr)
	return exitInvalid
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "n8n-go runs n8n workflows (exported JSON, unchanged) with n8n's semantics.")
	fmt.Fprintln(w, "\nUsage: n8n-go <command> [flags] [args]\n\nCommands:")
	cs := commands()
	sort.SliceStable(cs, func(i, j int) bool { return false })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'n8n-go help <command>' for a command's flags.")
}

func versionCommand(_ []string, env cliEnv) int {
	fmt.Fprintf(env.stdout, "n8n-go %s (n8n semantics of 1.123.x)\n", version)
	return exitOK
}

func helpCommand(args []string, env cliEnv) int {
	if len(args) == 0 {
		usage(env.stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"--help"}, env)
		}
	}
	fmt.Fprintf(env.stderr, "n8n-go: no help for %q\n", strings.Join(args, " "))
	return exitInvalid
}
