package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// runData is run data of the size serve's load benchmark stores (Webhook →
// Set → Respond to Webhook, one item with the request's headers).
var runData = []byte(`{"data":{"startData":{},"resultData":{"runData":{"Webhook":[{"startTime":1764680000000,"executionIndex":0,"source":[],"hints":[],"executionTime":0,"executionStatus":"success","data":{"main":[[{"json":{"headers":{"host":"127.0.0.1:5678","user-agent":"Go-http-client/1.1","content-length":"7","content-type":"application/json","accept-encoding":"gzip"},"params":{},"query":{},"body":{"n":1},"webhookUrl":"http://localhost:5678/webhook/bench","executionMode":"production"},"pairedItem":{"item":0}}]]}}],` +
	`"Set":[{"startTime":1764680000001,"executionIndex":1,"source":[{"previousNode":"Webhook"}],"hints":[],"executionTime":0,"executionStatus":"success","data":{"main":[[{"json":{"n":2,"ok":true},"pairedItem":{"item":0}}]]}}],` +
	`"Respond to Webhook":[{"startTime":1764680000001,"executionIndex":2,"source":[{"previousNode":"Set"}],"hints":[],"executionTime":0,"executionStatus":"success","data":{"main":[[{"json":{"n":2,"ok":true},"pairedItem":{"item":0}}]]}}]},"lastNodeExecuted":"Respond to Webhook"},"executionData":{"contextData":{},"nodeExecutionStack":[],"metadata":{},"waitingExecution":{},"waitingExecutionSource":{}}},"mode":"webhook","startedAt":"2026-12-02T13:33:20.000Z","stoppedAt":"2026-12-02T13:33:20.002Z","status":"success","finished":true}`)

func BenchmarkCompressRunData(b *testing.B) {
	var z zipPool
	b.SetBytes(int64(len(runData)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := z.compress(runData); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExecutionRecord is the store's part of one execution: Begin
// (the "running" row) and Save (the final row and its run data), serially
// and from many goroutines at once (their commits are grouped).
func BenchmarkExecutionRecord(b *testing.B) {
	st, err := Open(context.Background(), Config{URL: filepath.Join(b.TempDir(), "db.sqlite")})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	one := func(b *testing.B) {
		ctx := context.Background()
		r := Record{WorkflowID: "bench", WorkflowName: "bench", Mode: "webhook", Trigger: "Webhook", StartedAt: time.Now()}
		id, err := st.Begin(ctx, r)
		if err != nil {
			b.Fatal(err)
		}
		r.ID, r.Status, r.StoppedAt, r.Data = id, "success", time.Now(), runData
		if err := st.Save(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			one(b)
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(25)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				one(b)
			}
		})
	})
}
