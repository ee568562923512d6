// Command eventd reads events from stdin, runs them through the pipeline and prints a report.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"example.com/heaplint-samples/internal/events"
	"example.com/heaplint-samples/internal/hotpath"
	"example.com/heaplint-samples/internal/metrics"
	"example.com/heaplint-samples/internal/pipeline"
	"example.com/heaplint-samples/internal/store"
)

type config struct {
	workers   int
	limit     int
	maxAmount int64
	ttl       time.Duration
	batch     int
	timeout   time.Duration
}

func parseFlags(args []string) (*config, error) {
	cfg := &config{}                                      // want "pointer-escape"
	fs := flag.NewFlagSet("eventd", flag.ContinueOnError) // want "method-value" "pointer-escape"
	fs.IntVar(&cfg.workers, "workers", 4, "worker goroutines")
	fs.IntVar(&cfg.limit, "limit", 1000, "events kept per stream")
	fs.Int64Var(&cfg.maxAmount, "max-amount", 10000, "largest accepted purchase")
	fs.DurationVar(&cfg.ttl, "ttl", time.Minute, "cache lifetime")
	fs.IntVar(&cfg.batch, "batch", 64, "results per report batch")
	fs.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return cfg, nil
}

// readAll decodes every event; malformed lines are counted and logged.
func readAll(r io.Reader, bad *metrics.Counter) []*events.Event {
	dec := events.NewDecoder(r, time.Now)
	var out []*events.Event
	for {
		e, err := dec.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			bad.Inc()
			log.Printf("skipping input: %v", err)
			continue
		}
		out = append(out, e) // want go>=1.25 "append-growth"
	}
}

// dedupPayloads drops events whose raw payload was seen before, using a bitmap on the stack.
func dedupPayloads(lines [][]byte) int {
	seen := make([]uint64, 1<<14) // want "oversized-allocation"
	dups := 0
	for _, l := range lines {
		h := events.Checksum(l)
		w, b := (h>>6)%uint64(len(seen)), h&63
		if seen[w]&(1<<b) != 0 {
			dups++
		}
		seen[w] |= 1 << b
	}
	return dups
}

// largestStreams returns the n busiest stream keys.
func largestStreams(c *store.Cache, n int) []string {
	keys := c.Keys()
	scratch := make([]int64, len(keys)) // want "variable-size-allocation"
	for i, k := range keys {
		scratch[i] = c.Total(k)
	}
	if n > len(keys) {
		n = len(keys)
	}
	return keys[:n]
}

func run(done <-chan struct{}, cfg *config, in io.Reader, out io.Writer) error {
	reg := metrics.NewRegistry() // want "pointer-escape"
	parsed := reg.Counter("events_parsed")
	dropped := reg.Counter("events_dropped")
	reg.Label("service=eventd", "env="+os.Getenv("EVENTD_ENV")) // want "variadic-slice" "string-allocation"

	evs := readAll(in, reg.Counter("lines_bad"))
	parsed.Add(int64(len(evs)))

	cache := store.New(cfg.limit, cfg.ttl) // want "method-value" "pointer-escape"
	defer cache.Close()
	index := store.NewIndex()

	tag := pipeline.Tagger{Key: "ingest", Value: "eventd"}
	p := pipeline.New(cfg.workers, // want "pointer-escape" "variadic-slice"
		pipeline.Validate,
		pipeline.Normalize,
		pipeline.MaxAmount(cfg.maxAmount), // want "closure-escape"
		pipeline.Dedup(),                  // want "closure-capture" "closure-escape" "pointer-escape"
		tag.Tag,                           // want "method-value"
	)
	var dropLog strings.Builder        // want "pointer-escape"
	p.OnDrop(func(r pipeline.Result) { // want "closure-escape"
		dropped.Inc()
		fmt.Fprintf(&dropLog, "dropped %d: %v\n", r.Event.ID, r.Err) // want "interface-boxing"
	})

	var batches int                            // want "closure-capture"
	timer := metrics.NewTimer(func(ns int64) { // want "closure-escape" "pointer-escape"
		batches++
		reg.Counter("batch_ns").Add(ns)
	})
	for _, batch := range pipeline.Batch(p.Run(done, pipeline.Feed(evs)), cfg.batch) { // want go<1.25 "variable-size-allocation" go>=1.25 "pointer-escape" go>=1.25 "append-growth"
		start := time.Now()
		for _, r := range batch {
			cache.Put(r.Event)
			index.Add(r.Event) // want "string-allocation" go>=1.25 "append-growth"
		}
		timer.Observe(int64(time.Since(start)))
		fmt.Fprintln(out, pipeline.Summary(batch)) // want "interface-boxing"
	}

	for _, key := range largestStreams(cache, 3) {
		fmt.Fprintf(out, "stream %s total %d\n", key, cache.Total(key)) // want "interface-boxing"
	}
	fmt.Fprintf(out, "batches: %d, unique ids: %d\n", batches, index.Unique()) // want "interface-boxing" go>=1.24 "oversized-allocation"
	io.WriteString(out, dropLog.String())
	if err := writeTrailer(out, []byte(dropLog.String())); err != nil {
		return err
	}
	return reg.Flush(out)
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		os.Exit(2)
	}
	done := make(chan struct{})
	time.AfterFunc(cfg.timeout, func() { close(done) }) // want "closure-escape"
	if err := run(done, cfg, os.Stdin, os.Stdout); err != nil {
		log.Fatalf("eventd: %v", err)
	}
}

// writeTrailer ends the report with the frame header of the drop log, so that a reader can tell
// a complete report from a truncated one.
func writeTrailer(out io.Writer, dropLog []byte) error {
	var header [hotpath.HeaderSize]byte
	n, err := hotpath.PutHeader(header[:], dropLog)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, hotpath.Describe(header[:n])) // want "interface-boxing"
	return err
}
