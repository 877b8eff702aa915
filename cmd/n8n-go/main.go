// Command n8n-go runs n8n workflow JSON files unchanged, with n8n's
// semantics, as a single binary.
package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/n8n-go/n8n-go/engine"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

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
	// terminal reports whether stderr is a terminal (live progress).
	terminal bool
	// nodes, when set, replaces the node types of nodes.All (tests break
	// a node on purpose to see that a case catches it).
	nodes func() []engine.Node
}

// Exit codes: 0 success, 1 the workflow failed, 2 usage or validation error.
const (
	exitOK      = 0
	exitFailed  = 1
	exitInvalid = 2
)

func main() {
	// Heap profile sampling is on by default in every Go program: a stack
	// walk per ~512 KB allocated and a table of sampled stacks that grows
	// to ~1.4 MB on a large run. Only --memprofile reads it (profile.go
	// turns it back on).
	runtime.MemProfileRate = 0
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := cliEnv{ctx: ctx, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv,
		environ: os.Environ(), terminal: isTerminal(os.Stderr)}
	code := dispatch(os.Args[1:], env)
	stop()
	os.Exit(code)
}

// exitError carries a command's exit code through cobra; the command has
// already printed why.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// exitWith turns a command's exit code into what RunE returns.
func exitWith(code int) error {
	if code == exitOK {
		return nil
	}
	return exitError{code}
}

// usageError is a mistake in how a command was called: printed with the
// command's usage line and a pointer to its help, exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// dispatch runs the command line args and returns the exit code.
func dispatch(args []string, env cliEnv) int {
	root := newRoot(env)
	var prof profiler
	prof.register(root)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if perr := prof.stop(); perr != nil {
		fmt.Fprintf(env.stderr, "n8n-go: %v\n", perr)
	}
	if err == nil {
		return exitOK
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// Anything else is how the command was called: a flag parse error, an
	// unknown command, missing or extra arguments.
	printUsageError(env.stderr, cmd, err)
	return exitInvalid
}

// printUsageError prints a usage mistake loudly: what was wrong, a
// suggestion when one is close, the usage line and where to read more.
func printUsageError(w io.Writer, cmd *cobra.Command, err error) {
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown command ") {
		// cobra: `unknown command "x" for "n8n-go"\n\nDid you mean this?\n\ty\n`
		head, sugg, _ := strings.Cut(msg, "\n\nDid you mean this?\n")
		msg = head
		if s := strings.Fields(sugg); len(s) > 0 {
			msg += fmt.Sprintf(" (did you mean %q?)", s[0])
		}
	}
	fmt.Fprintf(w, "%s: %s\n", cmd.CommandPath(), msg)
	if cmd.Runnable() && !cmd.HasAvailableSubCommands() {
		fmt.Fprintf(w, "Usage: %s\n", cmd.UseLine())
	}
	fmt.Fprintf(w, "Run '%s --help' for usage.\n", cmd.CommandPath())
}

// flagError adds a "did you mean" to pflag's unknown-flag errors.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	var names []string
	cmd.Flags().VisitAll(func(f *pflagFlag) { names = append(names, "--"+f.Name) })
	cmd.InheritedFlags().VisitAll(func(f *pflagFlag) { names = append(names, "--"+f.Name) })
	switch {
	case strings.HasPrefix(msg, "unknown flag: "):
		name, _, _ := strings.Cut(strings.TrimPrefix(msg, "unknown flag: "), "=")
		if s := suggest(name, names); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		var shorts []string
		cmd.Flags().VisitAll(func(f *pflagFlag) {
			if f.Shorthand != "" {
				shorts = append(shorts, "-"+f.Shorthand+" (--"+f.Name+")")
			}
		})
		if len(shorts) > 0 {
			msg += "; short flags: " + strings.Join(shorts, ", ")
		}
	}
	return usageError{msg}
}

// args checks a command's positional arguments with a sentence that says
// what was expected.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("expected %s, got %d arguments", what, len(args))
		}
		return nil
	}
}

// defaultGCPercent is the garbage collector's target when GOGC is not set:
// the heap may grow to 1.35× the live data instead of Go's 2×. Item data is
// long-lived (run data keeps every node's output), so the extra collections
// are cheap: on the pure data workflow (testdata/bench/pure-data.sh, 50,000
// items) peak RSS falls from 157 MB (100) to 121 MB (50) and, with shared
// object shapes, from ~111 MB (50) to ~99 MB (35), CPU time within the
// noise of a shared machine.
const defaultGCPercent = 35

// tuneGC applies defaultGCPercent unless the user set GOGC.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}
