package zmtp

import (
	"encoding/binary"
	"fmt"
	"net"
)

// maxHandshakeFrame bounds the READY command a peer may send during the
// handshake (its metadata is a few dozen bytes in practice).
const maxHandshakeFrame = 64 << 10

// greetingSize is the length of the ZMTP 3 greeting.
const greetingSize = 64

// handshakeConn guards zmq4's handshake, which allocates a frame of
// whatever size the peer announces before reading it: it watches the bytes
// zmq4 reads and fails the read that completes an oversized frame size,
// before zmq4 can act on it.
type handshakeConn struct {
	net.Conn
	off  int     // bytes delivered so far
	size [9]byte // the first frame header after the greeting
}

func (c *handshakeConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	for i := range n {
		pos := c.off + i - greetingSize
		if pos >= 0 && pos < len(c.size) {
			c.size[pos] = p[i]
			if err := c.check(pos); err != nil {
				return 0, err
			}
		}
	}
	c.off += n
	return n, err
}

// check inspects the frame header once its size is complete at pos.
func (c *handshakeConn) check(pos int) error {
	long := c.size[0]&flagLong != 0
	var size uint64
	switch {
	case !long && pos == 1:
		size = uint64(c.size[1])
	case long && pos == 8:
		size = binary.BigEndian.Uint64(c.size[1:])
	default:
		return nil
	}
	if size > maxHandshakeFrame {
		return fmt.Errorf("%w: handshake frame of %d bytes", errProtocol, size)
	}
	return nil
}
