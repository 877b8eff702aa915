package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"
)

// profiler is the hidden --cpuprofile/--memprofile pair every command
// takes: a CPU profile of the whole command and a heap profile written
// when it ends (for `go tool pprof`; the template and pure-data
// benchmarks use them to see where a run's time and memory go).
type profiler struct {
	cpuPath, memPath string
	cpu              *os.File
	heap             *heapWatch
}

// register adds the flags to root's persistent flags and starts the CPU
// profile before any command runs.
func (p *profiler) register(root *cobra.Command) {
	fs := root.PersistentFlags()
	fs.StringVar(&p.cpuPath, "cpuprofile", "", "write a CPU profile of the command to `FILE`")
	fs.StringVar(&p.memPath, "memprofile", "", "write a heap profile to `FILE` when the command ends")
	_ = fs.MarkHidden("cpuprofile")
	_ = fs.MarkHidden("memprofile")
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return p.start() }
}

func (p *profiler) start() error {
	if p.memPath != "" {
		runtime.MemProfileRate = defaultMemProfileRate // main turned it off
		p.heap = watchHeap(p.memPath)
	}
	if p.cpuPath == "" {
		return nil
	}
	f, err := os.Create(p.cpuPath)
	if err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	p.cpu = f
	return nil
}

// defaultMemProfileRate is the Go runtime's own default: one sample per
// 512 KB allocated on average.
const defaultMemProfileRate = 512 * 1024

// stop ends the CPU profile and the heap watch.
func (p *profiler) stop() error {
	var errs []error
	if p.cpu != nil {
		pprof.StopCPUProfile()
		errs = append(errs, p.cpu.Close())
		p.cpu = nil
	}
	if p.heap != nil {
		errs = append(errs, p.heap.stop())
		p.heap = nil
	}
	return errors.Join(errs...)
}

// heapWatch writes a heap profile whenever the live heap has grown by a
// tenth past its largest size so far, so the file left at the end shows
// what was live at (close to) the peak, not after the run let go of it.
type heapWatch struct {
	path string
	done chan struct{}
	end  chan error
}

// heapObjects is the runtime metric read: bytes in live and not yet
// swept heap objects (no stop-the-world, unlike ReadMemStats).
const heapObjects = "/memory/classes/heap/objects:bytes"

func watchHeap(path string) *heapWatch {
	w := &heapWatch{path: path, done: make(chan struct{}), end: make(chan error, 1)}
	go w.loop()
	return w
}

func (w *heapWatch) loop() {
	sample := []metrics.Sample{{Name: heapObjects}}
	var peak uint64
	var err error
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			if peak == 0 {
				err = w.write()
			}
			w.end <- err
			return
		case <-tick.C:
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			continue
		}
		if v := sample[0].Value.Uint64(); v > peak+peak/10 {
			peak = v
			err = w.write()
		}
	}
}

// write saves the heap profile (in-use and allocated space).
func (w *heapWatch) write() error {
	f, err := os.Create(w.path)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("--memprofile: %w", err)
	}
	return f.Close()
}

func (w *heapWatch) stop() error {
	close(w.done)
	return <-w.end
}
