package pipeline

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"example.com/heaplint-samples/internal/events"
)

// ErrInvalid marks events that miss a mandatory field.
var ErrInvalid = errors.New("invalid event")

// Validate rejects events without an id, kind or source.
func Validate(e *events.Event) error {
	if !e.Valid() {
		return ErrInvalid
	}
	return nil
}

// Normalize lower-cases the source so that streams are case-insensitive.
func Normalize(e *events.Event) error {
	e.Source = strings.ToLower(e.Source)
	return nil
}

// LimitError reports a purchase above the configured limit.
type LimitError struct {
	Amount, Limit int64
}

func (e LimitError) Error() string {
	return "amount " + strconv.FormatInt(e.Amount, 10) + " over limit " + strconv.FormatInt(e.Limit, 10) // want "string-allocation"
}

// DuplicateError reports an event id that was seen before.
type DuplicateError struct {
	ID      uint64
	Dropped int
}

func (e DuplicateError) Error() string {
	return fmt.Sprintf("duplicate id %d (%d dropped so far)", e.ID, e.Dropped) // want "interface-boxing"
}

// MaxAmount returns a stage that rejects purchases above limit.
func MaxAmount(limit int64) Stage {
	return func(e *events.Event) error { // want "closure-escape"
		if e.Kind == events.KindPurchase && e.Amount > limit {
			return LimitError{Amount: e.Amount, Limit: limit} // want "interface-boxing"
		}
		return nil
	}
}

// Dedup returns a stage that drops events whose id was already seen.
func Dedup() Stage {
	seen := make(map[uint64]struct{})    // want "pointer-escape"
	dropped := 0                         // want "closure-capture"
	return func(e *events.Event) error { // want "closure-escape"
		if _, ok := seen[e.ID]; ok {
			dropped++
			return DuplicateError{ID: e.ID, Dropped: dropped} // want "interface-boxing"
		}
		seen[e.ID] = struct{}{}
		return nil
	}
}

// Tagger adds a fixed attribute to every event.
type Tagger struct {
	Key, Value string
}

// Tag is meant to be used as a method value stage: pipeline.New(n, t.Tag).
func (t Tagger) Tag(e *events.Event) error {
	if e.Attrs == nil {
		e.Attrs = make(map[string]string, 1) // want "pointer-escape"
	}
	e.Attrs[t.Key] = t.Value
	return nil
}

// Summary describes a batch of results in one line.
func Summary(results []Result) string {
	var ok, failed int
	for _, r := range results {
		if r.Err != nil {
			failed++
		} else {
			ok++
		}
	}
	return fmt.Sprintf("%d ok, %d failed", ok, failed) // want "interface-boxing"
}
