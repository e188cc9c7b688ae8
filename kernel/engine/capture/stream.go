// Package capture forwards what code writes to standard output and
// standard error, as text, while it is being written.
//
// A Stream is an operating-system pipe: its writing end is an *os.File that
// an interpreter can use as os.Stdout, or that Redirect can install as file
// descriptor 1 or 2 so that compiled code and the Go runtime write into it
// too. A goroutine reads the other end and hands each chunk to a sink
// function as soon as it arrives. Chunks never split a UTF-8 sequence, and
// Flush waits until everything written before it has reached the sink.
package capture

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode/utf8"
)

// readSize is the largest chunk handed to the sink at once.
const readSize = 64 << 10

// Stream is a pipe whose output is forwarded to a sink. It is safe for
// concurrent use.
type Stream struct {
	r, w   *os.File
	sink   func(text string)
	marker []byte // written by Flush, never forwarded

	flushMu sync.Mutex    // one Flush at a time
	flushed chan struct{} // the reader saw a marker
	done    chan struct{} // the reader has returned
}

// NewStream creates a pipe and starts forwarding what is written to it to
// sink. sink is called from a single goroutine, in order, with valid UTF-8
// (invalid bytes become U+FFFD). It must not write to the stream itself.
func NewStream(sink func(text string)) (*Stream, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("capture: creating pipe: %w", err)
	}
	var nonce [12]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("capture: flush marker: %w", err)
	}
	s := &Stream{
		r:       r,
		w:       w,
		sink:    sink,
		marker:  []byte("\x00gonn-flush-" + hex.EncodeToString(nonce[:]) + "\x00"),
		flushed: make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
	go s.read()
	return s, nil
}

// File returns the writing end of the pipe.
func (s *Stream) File() *os.File { return s.w }

// Flush returns once everything written to the stream before the call has
// been passed to the sink. It returns an error when the stream is closed.
func (s *Stream) Flush() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	if _, err := s.w.Write(s.marker); err != nil {
		return fmt.Errorf("capture: flush: %w", err)
	}
	select {
	case <-s.flushed:
		return nil
	case <-s.done:
		return errors.New("capture: flush: stream closed")
	}
}

// Close closes the writing end, waits until the reader has forwarded what
// remained, and closes the reading end. Other holders of the writing end
// (for example a file descriptor installed by Redirect) must be closed or
// restored first, or Close waits for them.
func (s *Stream) Close() error {
	err := s.w.Close()
	<-s.done
	if cerr := s.r.Close(); err == nil {
		err = cerr
	}
	return err
}

// read forwards the pipe to the sink until the writing end is closed.
func (s *Stream) read() {
	defer close(s.done)
	buf := make([]byte, readSize)
	var pending []byte
	for {
		n, err := s.r.Read(buf)
		if n > 0 {
			pending = s.forward(append(pending, buf[:n]...))
		}
		if err != nil {
			if len(pending) > 0 {
				s.emit(pending)
			}
			if !errors.Is(err, io.EOF) && !errors.Is(err, os.ErrClosed) {
				s.emit([]byte(fmt.Sprintf("\n[gonn: reading output failed: %v]\n", err)))
			}
			return
		}
	}
}

// forward passes p to the sink up to the last complete rune, answering
// every flush marker on the way, and returns what it kept back: an
// incomplete rune or the beginning of a marker.
func (s *Stream) forward(p []byte) []byte {
	for {
		i := bytes.Index(p, s.marker)
		if i < 0 {
			break
		}
		s.emit(p[:i])
		p = p[i+len(s.marker):]
		select {
		case s.flushed <- struct{}{}:
		default: // nobody is waiting (cannot happen with flushMu held)
		}
	}
	keep := markerPrefixAtEnd(p, s.marker)
	cut := len(p) - keep
	cut -= incompleteRuneAtEnd(p[:cut])
	s.emit(p[:cut])
	return append(p[:0:0], p[cut:]...)
}

// emit hands p to the sink as valid UTF-8.
func (s *Stream) emit(p []byte) {
	if len(p) == 0 {
		return
	}
	str := string(p)
	if !utf8.ValidString(str) {
		str = strings.ToValidUTF8(str, "\uFFFD")
	}
	s.sink(str)
}

// markerPrefixAtEnd returns the length of the longest suffix of p that is
// a proper prefix of marker.
func markerPrefixAtEnd(p, marker []byte) int {
	n := min(len(p), len(marker)-1)
	if bytes.IndexByte(p[len(p)-n:], marker[0]) < 0 {
		return 0 // fast path: the marker's first byte is not in the tail
	}
	for k := n; k > 0; k-- {
		if bytes.Equal(p[len(p)-k:], marker[:k]) {
			return k
		}
	}
	return 0
}

// incompleteRuneAtEnd returns how many bytes at the end of p start a UTF-8
// sequence that p does not complete (0 to 3).
func incompleteRuneAtEnd(p []byte) int {
	for k := 1; k <= utf8.UTFMax-1 && k <= len(p); k++ {
		c := p[len(p)-k]
		if c < utf8.RuneSelf {
			return 0 // ASCII: everything before is complete
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(p[len(p)-k:]) {
				return 0
			}
			return k
		}
	}
	return 0
}
