// Package loadgen is a bounded HTTP load generator for the serve load
// benchmark (testdata/load/bench.sh): a fixed number of clients post to one
// loopback URL for a fixed time and latencies are summarised.
package loadgen

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Options of a run.
type Options struct {
	URL      string
	Body     []byte
	Clients  int
	Duration time.Duration
}

// Result summarises a run.
type Result struct {
	Requests   int            `json:"requests"`
	PerSecond  float64        `json:"requestsPerSecond"`
	P50MS      float64        `json:"p50Ms"`
	P99MS      float64        `json:"p99Ms"`
	MaxMS      float64        `json:"maxMs"`
	Codes      map[string]int `json:"codes"`
	DurationMS int64          `json:"durationMs"`
}

// Run posts Body to URL from Clients clients for Duration. Only loopback
// addresses are accepted.
func Run(ctx context.Context, o Options) (Result, error) {
	u, err := url.Parse(o.URL)
	if err != nil {
		return Result{}, err
	}
	if ip := net.ParseIP(u.Hostname()); (ip == nil || !ip.IsLoopback()) && u.Hostname() != "localhost" {
		return Result{}, fmt.Errorf("loadgen: %s is not a loopback address", u.Hostname())
	}
	if o.Clients <= 0 || o.Duration <= 0 || o.Duration > 10*time.Minute {
		return Result{}, fmt.Errorf("loadgen: clients must be > 0 and duration in (0, 10m]")
	}
	tr := &http.Transport{MaxIdleConnsPerHost: o.Clients, MaxConnsPerHost: o.Clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	var (
		mu    sync.Mutex
		lat   []time.Duration
		codes = map[string]int{}
		wg    sync.WaitGroup
	)
	start := time.Now()
	for range o.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			mineCodes := map[string]int{}
			for ctx.Err() == nil {
				t := time.Now()
				req, _ := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodPost, o.URL, bytes.NewReader(o.Body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				code := "error"
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = fmt.Sprint(resp.StatusCode)
				}
				mine = append(mine, time.Since(t))
				mineCodes[code]++
			}
			mu.Lock()
			lat = append(lat, mine...)
			for k, v := range mineCodes {
				codes[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	took := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		i := int(p * float64(len(lat)-1))
		return float64(lat[i].Microseconds()) / 1000
	}
	r := Result{Requests: len(lat), Codes: codes, DurationMS: took.Milliseconds(), P50MS: pct(.50), P99MS: pct(.99), MaxMS: pct(1)}
	r.PerSecond = float64(r.Requests) / took.Seconds()
	return r, nil
}
