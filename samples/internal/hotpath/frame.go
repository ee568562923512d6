// Package hotpath is the per-event work of eventd: a checksum and a length-prefixed frame header,
// run once for every event written. Its allocation contracts are checked by heaplint.
package hotpath

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
)

// HeaderSize is the size of a frame header: length, checksum and a check byte.
const HeaderSize = 7

// MaxPayload is the largest payload a frame can describe.
const MaxPayload = 1<<16 - 1

// ErrShort is returned when the destination cannot hold a frame header.
var ErrShort = errors.New("hotpath: destination shorter than a frame header")

// SizeError is returned for a payload larger than MaxPayload; its value is the payload's size.
type SizeError int

func (e SizeError) Error() string {
	return "hotpath: payload of " + strconv.Itoa(int(e)) + " bytes does not fit in a frame" // want "string-allocation"
}

// Adler32 is the Adler-32 checksum of b (RFC 1950), computed without allocating.
//
//heaplint:noescape
func Adler32(b []byte) uint32 {
	const mod = 65521
	a, s := uint32(1), uint32(0)
	for _, c := range b {
		a = (a + uint32(c)) % mod
		s = (s + a) % mod
	}
	return s<<16 | a
}

// fold reduces a checksum to the header's check byte.
//
//heaplint:inline
func fold(sum uint32) byte {
	return byte(sum ^ sum>>8 ^ sum>>16 ^ sum>>24)
}

// PutHeader writes the frame header for payload into dst and returns its size.
//
//heaplint:noescape
func PutHeader(dst, payload []byte) (int, error) {
	if len(dst) < HeaderSize {
		return 0, ErrShort
	}
	if len(payload) > MaxPayload {
		return 0, SizeError(len(payload)) // want "interface-boxing"
	}
	sum := Adler32(payload)
	binary.BigEndian.PutUint16(dst, uint16(len(payload)))
	binary.BigEndian.PutUint32(dst[2:], sum)
	dst[6] = fold(sum)
	return HeaderSize, nil
}

// Describe renders a header for the report; it runs once per run, not once per event.
func Describe(header []byte) string {
	if len(header) < HeaderSize {
		return "short header"
	}
	n := binary.BigEndian.Uint16(header)
	//heaplint:escapes interface-boxing once per run, off the hot path
	return fmt.Sprintf("frame of %d bytes", n) // want "interface-boxing"
}
