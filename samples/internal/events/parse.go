package events

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"time"
)

// ErrEmpty is returned for blank input lines.
var ErrEmpty = errors.New("empty line")

// lastBad keeps the most recent rejected line for the debug endpoint.
var lastBad any

// ParseLine decodes "id kind source amount [key=value ...]".
func ParseLine(line []byte, lineNo int, now time.Time) (*Event, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil, ErrEmpty
	}
	var fields [8][]byte
	n := 0
	for _, f := range bytes.Fields(line) {
		if n == len(fields) {
			return nil, ParseError{Line: lineNo, Msg: "too many fields"} // want "interface-boxing"
		}
		fields[n] = f
		n++
	}
	if n < 4 {
		lastBad = lineNo                                                    // want "interface-boxing"
		return nil, ParseError{Line: lineNo, Msg: "want at least 4 fields"} // want "interface-boxing"
	}
	id, err := strconv.ParseUint(string(fields[0]), 10, 64)
	if err != nil {
		return nil, err
	}
	kind, ok := ParseKind(string(fields[1]))
	if !ok {
		return nil, ParseError{Line: lineNo, Msg: "unknown kind " + string(fields[1])} // want "interface-boxing" "string-allocation"
	}
	amount, err := strconv.ParseInt(string(fields[3]), 10, 64)
	if err != nil {
		return nil, err
	}
	e := &Event{ID: id, Kind: kind, Source: string(fields[2]), Amount: amount, At: now} // want "pointer-escape" "string-allocation"
	for _, kv := range fields[4:n] {
		k, v, found := bytes.Cut(kv, []byte("="))
		if !found {
			continue
		}
		if e.Attrs == nil {
			e.Attrs = map[string]string{} // want "pointer-escape"
		}
		e.Attrs[string(k)] = string(v) // want "string-allocation"
	}
	return e, nil
}

// Decoder reads events from a stream, one per line.
type Decoder struct {
	sc     *bufio.Scanner
	lineNo int
	now    func() time.Time
}

// NewDecoder wraps r; now stamps each event (time.Now in production).
func NewDecoder(r io.Reader, now func() time.Time) *Decoder {
	return &Decoder{sc: bufio.NewScanner(r), now: now} // want "pointer-escape"
}

// Next returns the next well-formed event, skipping blank lines.
func (d *Decoder) Next() (*Event, error) {
	for d.sc.Scan() {
		d.lineNo++
		e, err := ParseLine(d.sc.Bytes(), d.lineNo, d.now())
		if errors.Is(err, ErrEmpty) {
			continue
		}
		return e, err
	}
	if err := d.sc.Err(); err != nil {
		return nil, err
	}
	return nil, io.EOF
}

// Checksum is a cheap FNV-style hash used to spot duplicate payloads.
func Checksum(line []byte) uint64 {
	var h uint64 = 14695981039346656037
	for _, b := range line {
		h ^= uint64(b)
		h *= 1099511628211
	}
	return h
}
