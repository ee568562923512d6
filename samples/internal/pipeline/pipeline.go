// Package pipeline fans events out to worker goroutines that run a chain of stages.
package pipeline

import (
	"strconv"

	"example.com/heaplint-samples/internal/events"
)

// Stage inspects or changes an event; an error drops the event.
type Stage func(*events.Event) error

// Result is what a worker reports for one event.
type Result struct {
	Event *events.Event
	Err   error
}

// StageError wraps the error of the stage that rejected an event.
type StageError struct {
	Index int
	Err   error
}

func (e *StageError) Error() string { return "stage " + strconv.Itoa(e.Index) + ": " + e.Err.Error() } // want "string-allocation"

func (e *StageError) Unwrap() error { return e.Err }

// Pipeline runs its stages on a fixed number of workers.
type Pipeline struct {
	stages  []Stage
	workers int
	onDrop  func(Result)
}

// New builds a pipeline; the stages run in the given order.
func New(workers int, stages ...Stage) *Pipeline {
	if workers < 1 {
		workers = 1
	}
	return &Pipeline{stages: stages, workers: workers} // want "pointer-escape"
}

// OnDrop registers a callback for events that a stage rejected.
func (p *Pipeline) OnDrop(f func(Result)) {
	p.onDrop = f
}

func (p *Pipeline) process(e *events.Event) Result {
	for i, stage := range p.stages {
		if err := stage(e); err != nil {
			return Result{Event: e, Err: &StageError{Index: i, Err: err}} // want "pointer-escape"
		}
	}
	return Result{Event: e}
}

// Run starts the workers and returns the channel of results, closed when in is drained
// (or abandoned when done is closed).
func (p *Pipeline) Run(done <-chan struct{}, in <-chan *events.Event) <-chan Result {
	out := make(chan Result, p.workers)
	finished := make(chan struct{}, p.workers)
	for w := 0; w < p.workers; w++ {
		go func() { // want "closure-escape"
			defer func() { finished <- struct{}{} }()
			for e := range in {
				r := p.process(e)
				if r.Err != nil && p.onDrop != nil {
					p.onDrop(r)
					continue
				}
				select {
				case out <- r:
				case <-done:
					return
				}
			}
		}()
	}
	go func() { // want "closure-escape"
		for w := 0; w < p.workers; w++ {
			<-finished
		}
		close(out)
	}()
	return out
}

// Feed sends every event to a fresh channel and closes it.
func Feed(evs []*events.Event) <-chan *events.Event {
	ch := make(chan *events.Event, len(evs))
	for i := range evs {
		ch <- evs[i]
	}
	close(ch)
	return ch
}

// Batch groups results into slices of at most size entries.
func Batch(results <-chan Result, size int) [][]Result {
	var batches [][]Result
	cur := make([]Result, 0, size) // want go<1.25 "variable-size-allocation" go>=1.25 "pointer-escape"
	for r := range results {
		cur = append(cur, r) // want go>=1.25 "append-growth"
		if len(cur) == size {
			batches = append(batches, cur) // want go>=1.25 "append-growth"
			cur = make([]Result, 0, size)  // want go<1.25 "variable-size-allocation" go>=1.25 "pointer-escape"
		}
	}
	if len(cur) > 0 {
		batches = append(batches, cur) // want go>=1.25 "append-growth"
	}
	return batches
}
