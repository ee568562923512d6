// Package store keeps recent events per stream in memory.
package store

import (
	"sort"
	"sync"
	"time"

	"example.com/heaplint-samples/internal/events"
)

// Cache holds up to limit events per stream and forgets everything every ttl.
type Cache struct {
	mu      sync.Mutex
	streams map[string][]*events.Event
	limit   int
	ttl     time.Duration
	closed  bool
	evicted int
}

// New creates a cache and starts its eviction timer.
func New(limit int, ttl time.Duration) *Cache {
	c := &Cache{streams: make(map[string][]*events.Event), limit: limit, ttl: ttl} // want "pointer-escape"
	time.AfterFunc(ttl, c.evictAll)                                                // want "method-value"
	return c
}

func (c *Cache) evictAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	for k, evs := range c.streams {
		c.evicted += len(evs)
		delete(c.streams, k)
	}
	time.AfterFunc(c.ttl, c.evictAll) // want "method-value"
}

// Put appends e to its stream, dropping the oldest event when the stream is full.
func (c *Cache) Put(e *events.Event) {
	key := e.StreamKey() // want go>=1.26 "string-allocation"
	c.mu.Lock()
	defer c.mu.Unlock()
	evs := c.streams[key]
	if len(evs) >= c.limit {
		evs = evs[1:]
	}
	c.streams[key] = append(evs, e) // want go>=1.25 "append-growth"
}

// Get returns a copy of the events of one stream.
func (c *Cache) Get(source string, kind events.Kind) []*events.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	evs := c.streams[source+"/"+kind.String()]
	out := make([]*events.Event, len(evs)) // want go<1.25 "variable-size-allocation" go>=1.25 "pointer-escape"
	copy(out, evs)
	return out
}

// Keys lists the stream keys in sorted order.
func (c *Cache) Keys() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]string, 0, len(c.streams)) // want go<1.25 "variable-size-allocation" go>=1.25 "pointer-escape"
	for k := range c.streams {
		keys = append(keys, k) // want go>=1.25 "append-growth"
	}
	sort.Strings(keys)
	return keys
}

// Total sums the amounts of one stream without allocating.
func (c *Cache) Total(key string) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var sum int64
	for _, e := range c.streams[key] {
		sum += e.Amount
	}
	return sum
}

// Close stops the periodic eviction.
func (c *Cache) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

// Index maps attribute values to the ids of the events carrying them.
type Index struct {
	ids map[string][]uint64
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{ids: map[string][]uint64{}} // want "pointer-escape"
}

// Add records e under every "key=value" attribute pair.
func (ix *Index) Add(e *events.Event) {
	for k, v := range e.Attrs {
		term := k + "=" + v                       // want "string-allocation"
		ix.ids[term] = append(ix.ids[term], e.ID) // want go>=1.25 "append-growth"
	}
}

// Lookup returns the ids recorded for one attribute pair.
func (ix *Index) Lookup(k, v []byte) []uint64 {
	return ix.ids[string(k)+"="+string(v)]
}

// Unique counts distinct ids in the index using a fixed-size bitmap.
func (ix *Index) Unique() int {
	var bitmap [1 << 15]uint64 // want go>=1.24 "oversized-allocation"
	n := 0
	for _, ids := range ix.ids {
		for _, id := range ids {
			w, b := (id>>6)%uint64(len(bitmap)), id&63
			if bitmap[w]&(1<<b) == 0 {
				bitmap[w] |= 1 << b
				n++
			}
		}
	}
	return n
}

// Snapshot is a point-in-time copy used by the debug endpoint.
type Snapshot struct {
	Taken   time.Time
	Streams map[string]int
	Raw     [64 << 10]byte
}

// TakeSnapshot fills a large snapshot record.
func (c *Cache) TakeSnapshot(now time.Time) *Snapshot {
	s := new(Snapshot) // want "oversized-allocation"
	s.Taken = now
	s.Streams = make(map[string]int) // want "pointer-escape"
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, evs := range c.streams {
		s.Streams[k] = len(evs)
	}
	return s
}
