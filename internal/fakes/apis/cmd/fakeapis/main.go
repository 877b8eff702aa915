// Command fakeapis serves the fake Notion and Clockify APIs of a scenario
// on one HTTPS listener, dispatching by Host, so real n8n can be recorded
// against them (testdata/scenarios/record.sh). On SIGTERM/SIGINT it writes
// the ordered request log and both final states into -out.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"

	fakekit "github.com/n8n-go/n8n-go/internal/fakes/kit"
	"github.com/n8n-go/n8n-go/internal/golden"
	"github.com/n8n-go/n8n-go/internal/sandbox"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:443", "listen address")
	cert := flag.String("cert", os.Getenv("ORACLE_CERT"), "TLS certificate (PEM); empty serves plain HTTP")
	key := flag.String("key", os.Getenv("ORACLE_KEY"), "TLS key (PEM)")
	scenario := flag.String("scenario", "", "scenario.json to seed the fakes from")
	out := flag.String("out", "", "directory for requests.json, clockify.final.json, notion.final.json (written at exit)")
	notionAddr := flag.String("notion-addr", "", "also serve the Notion fake alone on this address (plain HTTP, for n8n-go --endpoint)")
	clockifyAddr := flag.String("clockify-addr", "", "also serve the Clockify fake alone on this address (plain HTTP)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the fakes to this file (to see what they cost a benchmark)")
	allocProfile := flag.String("allocprofile", "", "write the fakes' allocations profile to this file at exit (what their collections cost comes from)")
	flag.Parse()
	tuneGC()
	if *allocProfile != "" {
		defer writeAllocs(*allocProfile)
	}
	if err := run(*addr, *cert, *key, *scenario, *out, *cpuProfile, map[string]string{"api.notion.com": *notionAddr, "api.clockify.me": *clockifyAddr}); err != nil {
		fmt.Fprintln(os.Stderr, "fakeapis:", err)
		os.Exit(1) //nolint:gocritic // the allocations profile of a failed start is worthless
	}
}

// gcPercent and memLimit are the collector's settings unless GOGC or
// GOMEMLIMIT are set. A seeded workspace is a large, long-lived heap of
// small maps that every collection marks again; with Go's default
// (GOGC=100) marking it was a fifth of the fakes' CPU in the template
// benchmark. Collecting at five times the live heap lets a 10× run
// (~200 MB live after seeding, ~600 MB allocated while serving) pass
// without a collection, where at three times one full marking fell in
// it; the soft limit makes collections more frequent again before the
// heap grows past 6 GiB (a 50× workspace holds about 3 GiB).
const (
	gcPercent = 400
	memLimit  = 6 << 30
)

// procs is GOMAXPROCS unless set: the Notion fake serves one request at
// a time (its state lock), and with a P per core the runtime spent a fifth
// of the fakes' CPU in the template benchmark waking and parking idle
// threads between requests (futex, findRunnable).
const procs = 1

func tuneGC() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(procs)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memLimit)
	}
}

// writeAllocs writes the allocations profile (go tool pprof
// -sample_index=alloc_space) to path.
func writeAllocs(path string) {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fakeapis:", err)
		return
	}
	defer f.Close()
	runtime.GC() // the profile shows what the last collection saw
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, "fakeapis:", err)
	}
}

// startProfile starts a CPU profile; stop writes it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// run seeds the fakes, serves until a signal and writes their final
// state. The CPU profile covers serving only, the window template.sh
// charges to the fakes: seeding and the final dump are not the run's.
func run(addr, cert, key, scenario, out, cpuProfile string, single map[string]string) error {
	if scenario == "" {
		return errors.New("-scenario is required")
	}
	sc, err := sandbox.LoadScenario(scenario)
	if err != nil {
		return err
	}
	f, err := sandbox.Build(sc)
	if err != nil {
		return err
	}
	// Seeding a large workspace leaves as much garbage as it keeps:
	// collected now, it is not collected (with the whole workspace marked
	// again) while the fakes serve, where a collection costs the run.
	runtime.GC()
	l, err := fakekit.Listen(f.Mux(), addr, cert, key)
	if err != nil {
		return err
	}
	for host, a := range single {
		if a == "" {
			continue
		}
		one, err := fakekit.Listen(f.Handlers[host], a, "", "")
		if err != nil {
			l.Close()
			return err
		}
		defer one.Close()
	}
	stopProfile := func() {}
	if cpuProfile != "" {
		if stopProfile, err = startProfile(cpuProfile); err != nil {
			l.Close()
			return err
		}
	}
	log.Printf("fakeapis listening on %s", l.Addr())
	fakekit.WaitSignal()
	stopProfile()
	_ = l.Close()
	if out == "" {
		return nil
	}
	reqs, err := json.Marshal(f.Log.Entries())
	if err != nil {
		return err
	}
	for name, doc := range map[string][]byte{
		"requests.json":       reqs,
		"clockify.final.json": f.Clockify.Dump(),
		"notion.final.json":   f.Notion.Dump(),
		"clockify.seed.json":  f.ClockifySeed,
		"notion.seed.json":    f.NotionSeed,
	} {
		if err := golden.Write(filepath.Join(out, name), doc); err != nil {
			return err
		}
	}
	return nil
}
