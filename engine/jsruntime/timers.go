package jsruntime

import (
	"sort"
	"time"

	"github.com/dop251/goja"
)

// timerQueue is setTimeout/setInterval for scripts that wait on a timer
// (await new Promise(r => setTimeout(r, 100))). There is no event loop:
// when the script's promise is pending, the earliest timer runs.
type timerQueue struct {
	seq    int
	timers []*timer
}

type timer struct {
	id       int
	at       time.Time
	fn       goja.Callable
	args     []goja.Value
	interval time.Duration
	repeat   bool
}

func (q *timerQueue) add(fn goja.Callable, delay time.Duration, args []goja.Value, repeat bool) int {
	q.seq++
	if delay < 0 {
		delay = 0
	}
	q.timers = append(q.timers, &timer{id: q.seq, at: time.Now().Add(delay), fn: fn, args: args, interval: delay, repeat: repeat})
	return q.seq
}

func (q *timerQueue) clear(id int) {
	for i, t := range q.timers {
		if t.id == id {
			q.timers = append(q.timers[:i], q.timers[i+1:]...)
			return
		}
	}
}

// runNext waits for the earliest timer and runs it; false when there is
// none or the run was stopped.
func (q *timerQueue) runNext(r *Runtime) bool {
	if len(q.timers) == 0 {
		return false
	}
	sort.SliceStable(q.timers, func(i, j int) bool { return q.timers[i].at.Before(q.timers[j].at) })
	t := q.timers[0]
	if d := time.Until(t.at); d > 0 {
		w := time.NewTimer(d)
		select {
		case <-w.C:
		case <-r.ctx.Done():
			w.Stop()
			return false
		}
	}
	if r.stopped() != nil {
		return false
	}
	if t.repeat {
		t.at = time.Now().Add(max(t.interval, time.Millisecond))
	} else {
		q.timers = q.timers[1:]
	}
	_, err := t.fn(goja.Undefined(), t.args...)
	if err != nil {
		if r.stopped() != nil {
			return false
		}
		// An uncaught error in a timer callback: n8n's process would log
		// it; the script's own promise is what decides the result.
		r.log("error", err.Error())
	}
	return true
}

func (r *Runtime) installTimers() {
	vm := r.vm
	set := func(repeat bool) func(goja.FunctionCall) goja.Value {
		return func(c goja.FunctionCall) goja.Value {
			fn, ok := goja.AssertFunction(c.Argument(0))
			if !ok {
				panic(vm.NewTypeError("The \"callback\" argument must be of type function"))
			}
			ms := c.Argument(1).ToFloat()
			if ms != ms {
				ms = 0
			}
			var args []goja.Value
			if len(c.Arguments) > 2 {
				args = c.Arguments[2:]
			}
			return vm.ToValue(r.timers.add(fn, time.Duration(ms*float64(time.Millisecond)), args, repeat))
		}
	}
	clear := func(c goja.FunctionCall) goja.Value {
		r.timers.clear(int(c.Argument(0).ToInteger()))
		return goja.Undefined()
	}
	_ = vm.Set("setTimeout", set(false))
	_ = vm.Set("setInterval", set(true))
	_ = vm.Set("setImmediate", func(c goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(c.Argument(0))
		if !ok {
			panic(vm.NewTypeError("The \"callback\" argument must be of type function"))
		}
		return vm.ToValue(r.timers.add(fn, 0, c.Arguments[min(1, len(c.Arguments)):], false))
	})
	_ = vm.Set("clearTimeout", clear)
	_ = vm.Set("clearInterval", clear)
	_ = vm.Set("clearImmediate", clear)
}
