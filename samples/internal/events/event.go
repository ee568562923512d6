// Package events defines the event model of eventd and its line-oriented wire format.
package events

import (
	"strconv"
	"time"
)

// Kind classifies an event.
type Kind uint8

const (
	KindUnknown Kind = iota
	KindClick
	KindView
	KindPurchase
)

var kindNames = [...]string{"unknown", "click", "view", "purchase"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")" // want "string-allocation"
}

// ParseKind maps a wire name to a Kind.
func ParseKind(s string) (Kind, bool) {
	for i, name := range kindNames {
		if name == s {
			return Kind(i), true
		}
	}
	return KindUnknown, false
}

// Event is one observation received from a source.
type Event struct {
	ID     uint64
	Kind   Kind
	Source string
	Amount int64
	At     time.Time
	Attrs  map[string]string
}

// StreamKey names the stream an event belongs to in the store.
func (e *Event) StreamKey() string {
	return e.Source + "/" + e.Kind.String() // want "string-allocation"
}

// Valid reports whether the event carries the fields every stage relies on.
func (e *Event) Valid() bool {
	return e.ID != 0 && e.Kind != KindUnknown && e.Source != ""
}

// ParseError says which input line was rejected and why.
type ParseError struct {
	Line int
	Msg  string
}

func (e ParseError) Error() string {
	return "line " + strconv.Itoa(e.Line) + ": " + e.Msg // want "string-allocation"
}
