// Package metrics counts what the service does and renders the counters as text.
package metrics

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
)

// Counter is a monotonically increasing value.
type Counter struct {
	name string
	n    atomic.Int64
}

// Inc adds one.
func (c *Counter) Inc() { c.n.Add(1) }

// Add adds d.
func (c *Counter) Add(d int64) { c.n.Add(d) }

// Value reads the counter.
func (c *Counter) Value() int64 { return c.n.Load() }

// Registry owns named counters and flush hooks.
type Registry struct {
	mu       sync.Mutex
	counters map[string]*Counter
	hooks    []func()
	labels   []string
}

// Default is the process-wide registry.
var Default = NewRegistry() // want "pointer-escape"

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{counters: make(map[string]*Counter)} // want "pointer-escape"
}

// Counter returns the counter called name, creating it on first use.
func (r *Registry) Counter(name string) *Counter {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.counters[name]
	if !ok {
		c = &Counter{name: name} // want "pointer-escape"
		r.counters[name] = c
	}
	return c
}

// OnFlush registers f to run before every Flush.
func (r *Registry) OnFlush(f func()) {
	r.mu.Lock()
	r.hooks = append(r.hooks, f) // want go>=1.25 "append-growth"
	r.mu.Unlock()
}

// Label attaches constant labels to every rendered line.
func (r *Registry) Label(labels ...string) {
	r.labels = labels
}

// Flush runs the hooks and writes "name value" lines sorted by name.
func (r *Registry) Flush(w io.Writer) error {
	r.mu.Lock()
	hooks := r.hooks
	names := make([]string, 0, len(r.counters)) // want "variable-size-allocation"
	for name := range r.counters {
		names = append(names, name)
	}
	r.mu.Unlock()
	for _, h := range hooks {
		h()
	}
	sort.Strings(names)
	for _, name := range names {
		v := r.Counter(name).Value()
		if _, err := fmt.Fprintf(w, "%s %d %v\n", name, v, r.labels); err != nil { // want "interface-boxing"
			return err
		}
	}
	return nil
}

// Histogram counts values in power-of-two buckets.
type Histogram struct {
	buckets [32]uint64
	count   uint64
}

// Observe adds one value.
func (h *Histogram) Observe(v int64) {
	b := 0
	for v > 1 && b < len(h.buckets)-1 {
		v >>= 1
		b++
	}
	h.buckets[b]++
	h.count++
}

// Quantile returns the upper bound of the bucket holding quantile q.
func (h *Histogram) Quantile(q float64) int64 {
	if h.count == 0 {
		return 0
	}
	target := uint64(q * float64(h.count))
	var seen uint64
	for i, n := range h.buckets {
		seen += n
		if seen >= target {
			return int64(1) << i
		}
	}
	return int64(1) << (len(h.buckets) - 1)
}

// Percentiles computes several quantiles at once into a caller-sized scratch slice.
func (h *Histogram) Percentiles(qs []float64) int64 {
	vals := make([]int64, len(qs)) // want "variable-size-allocation"
	for i, q := range qs {
		vals[i] = h.Quantile(q)
	}
	var maxV int64
	for _, v := range vals {
		maxV = max(maxV, v)
	}
	return maxV
}

// Timer measures durations into a histogram and reports them through a callback.
type Timer struct {
	h      *Histogram
	report func(int64)
}

// NewTimer binds a histogram; every observation is also passed to report.
func NewTimer(report func(int64)) *Timer {
	t := &Timer{h: new(Histogram)} // want "pointer-escape"
	t.report = func(v int64) {     // want "closure-escape"
		t.h.Observe(v)
		report(v)
	}
	return t
}

// Observe records one duration in nanoseconds.
func (t *Timer) Observe(ns int64) { t.report(ns) }
