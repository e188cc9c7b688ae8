package zmtp

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
)

// ZMTP 3 frame flags (https://rfc.zeromq.org/spec/23/).
const (
	flagMore     = 0x01
	flagLong     = 0x02
	flagCommand  = 0x04
	flagReserved = 0xf8
)

// ErrTooLarge is returned for an incoming message whose frames add up to
// more than the socket's size limit. The message is read and discarded; the
// connection stays usable.
var ErrTooLarge = errors.New("zmtp: message exceeds the size limit")

// errProtocol marks a byte stream that is not valid ZMTP framing; the
// connection cannot be resynchronised and is closed.
var errProtocol = errors.New("zmtp: protocol error")

// smallFrame is the size up to which a frame body is allocated in one piece.
// Larger frames grow as their bytes arrive, so a peer that announces a huge
// frame and sends nothing cannot make the kernel allocate it.
const smallFrame = 1 << 20

// readMessage reads one message (all its frames) or one command from r.
// A message larger than limit bytes is consumed and reported as
// ErrTooLarge. Malformed framing returns an error wrapping errProtocol.
func readMessage(r *bufio.Reader, limit int64) (frames [][]byte, command bool, err error) {
	var total int64
	tooLarge := false
	for first := true; ; first = false {
		flags, err := r.ReadByte()
		if err != nil {
			return nil, false, err
		}
		if flags&flagReserved != 0 {
			return nil, false, fmt.Errorf("%w: reserved flag bits set (0x%02x)", errProtocol, flags)
		}
		isCmd := flags&flagCommand != 0
		switch {
		case first:
			command = isCmd
		case isCmd != command:
			return nil, false, fmt.Errorf("%w: command flag changes within a message", errProtocol)
		}
		if isCmd && flags&flagMore != 0 {
			return nil, false, fmt.Errorf("%w: multi-frame command", errProtocol)
		}
		size, err := readSize(r, flags&flagLong != 0)
		if err != nil {
			return nil, false, err
		}
		if size > uint64(limit) || total+int64(size) > limit {
			tooLarge = true
		}
		if tooLarge {
			if _, err := io.CopyN(io.Discard, r, int64(size)); err != nil {
				return nil, false, noEOF(err)
			}
		} else {
			total += int64(size)
			body, err := readBody(r, int(size))
			if err != nil {
				return nil, false, err
			}
			frames = append(frames, body)
		}
		if flags&flagMore == 0 {
			break
		}
	}
	if tooLarge {
		return nil, command, ErrTooLarge
	}
	return frames, command, nil
}

func readSize(r *bufio.Reader, long bool) (uint64, error) {
	if !long {
		b, err := r.ReadByte()
		return uint64(b), noEOF(err)
	}
	var buf [8]byte
	if _, err := io.ReadFull(r, buf[:]); err != nil {
		return 0, noEOF(err)
	}
	size := binary.BigEndian.Uint64(buf[:])
	if size > 1<<62 {
		return 0, fmt.Errorf("%w: frame size %d", errProtocol, size)
	}
	return size, nil
}

// readBody reads a frame body of size bytes, growing the buffer as data
// arrives for large frames.
func readBody(r *bufio.Reader, size int) ([]byte, error) {
	if size <= smallFrame {
		body := make([]byte, size)
		_, err := io.ReadFull(r, body)
		return body, noEOF(err)
	}
	body := make([]byte, 0, smallFrame)
	for len(body) < size {
		if len(body) == cap(body) {
			body = append(body, 0)[:len(body)]
		}
		end := min(cap(body), size)
		n, err := io.ReadFull(r, body[len(body):end])
		body = body[:len(body)+n]
		if err != nil {
			return nil, noEOF(err)
		}
	}
	return body, nil
}

// noEOF turns an EOF in the middle of a message into ErrUnexpectedEOF.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// appendFrames appends the wire form of one message to bufs: a header and
// the body for each frame, ready for one vectored write.
func appendFrames(bufs net.Buffers, frames [][]byte) net.Buffers {
	for i, f := range frames {
		var flags byte
		if i < len(frames)-1 {
			flags |= flagMore
		}
		bufs = append(bufs, frameHeader(flags, len(f)), f)
	}
	return bufs
}

// commandFrame returns the wire form of a ZMTP command.
func commandFrame(name string, body []byte) net.Buffers {
	payload := make([]byte, 0, 1+len(name)+len(body))
	payload = append(payload, byte(len(name)))
	payload = append(payload, name...)
	payload = append(payload, body...)
	return net.Buffers{frameHeader(flagCommand, len(payload)), payload}
}

func frameHeader(flags byte, size int) []byte {
	if size <= 255 {
		return []byte{flags, byte(size)}
	}
	h := make([]byte, 9)
	h[0] = flags | flagLong
	binary.BigEndian.PutUint64(h[1:], uint64(size))
	return h
}

// parseCommand splits a command frame into its name and body.
func parseCommand(frame []byte) (name string, body []byte, err error) {
	if len(frame) == 0 || int(frame[0]) > len(frame)-1 {
		return "", nil, fmt.Errorf("%w: malformed command frame", errProtocol)
	}
	n := int(frame[0])
	return string(frame[1 : 1+n]), frame[1+n:], nil
}
