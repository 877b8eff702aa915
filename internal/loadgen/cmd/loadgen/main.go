// Command loadgen posts to one loopback URL from N clients for a bounded
// time and prints requests/s and latency percentiles as JSON.
//
//	loadgen -url http://127.0.0.1:5678/webhook/bench -c 50 -d 30s -body '{"n":1}'
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/n8n-go/n8n-go/internal/loadgen"
)

func main() {
	u := flag.String("url", "", "loopback URL to POST to")
	c := flag.Int("c", 50, "concurrent clients")
	d := flag.Duration("d", 30*time.Second, "duration (at most 10m)")
	body := flag.String("body", `{"n":1}`, "request body")
	flag.Parse()
	r, err := loadgen.Run(context.Background(), loadgen.Options{URL: *u, Body: []byte(*body), Clients: *c, Duration: *d})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	b, _ := json.Marshal(r)
	fmt.Println(string(b))
}
