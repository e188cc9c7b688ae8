package zmtp

import (
	"bufio"
	"errors"
	"net"
	"sync"
	"time"
)

// ErrQueueFull is returned when a peer's send queue has no room for a
// message: the peer is reading more slowly than messages are produced.
var ErrQueueFull = errors.New("zmtp: peer's send queue is full")

// ErrClosed is returned by operations on a closed socket or connection.
var ErrClosed = errors.New("zmtp: closed")

// maxBatch bounds how many queued bytes one vectored write sends.
const maxBatch = 4 << 20

// peer is one accepted, handshaken connection. Its reader runs in the
// socket's goroutine for it; its writer drains a queue bounded in bytes,
// so a peer that stops reading never blocks the code that sends to it.
type peer struct {
	id   []byte
	conn net.Conn
	r    *bufio.Reader
	opts *Options

	mu      sync.Mutex
	queue   []net.Buffers // encoded messages waiting for the writer
	queued  int           // bytes in queue
	dropped int           // messages refused since the last successful write
	topics  map[string]struct{}
	closed  bool

	wake chan struct{} // signals the writer (capacity 1)
	done chan struct{} // closed when the peer is closed
	// drained is closed (and replaced) whenever the writer empties the queue.
	drained chan struct{}
}

func newPeer(conn net.Conn, id []byte, opts *Options) *peer {
	return &peer{
		id:      id,
		conn:    conn,
		r:       bufio.NewReaderSize(conn, 64<<10),
		opts:    opts,
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
		drained: make(chan struct{}),
		topics:  map[string]struct{}{},
	}
}

func messageSize(m net.Buffers) int {
	n := 0
	for _, b := range m {
		n += len(b)
	}
	return n
}

// enqueue queues an encoded message (see appendFrames) for the writer.
// Unless keep is set, a message that would take the queue past its byte
// limit is refused with ErrQueueFull (a message larger than the limit is
// accepted into an empty queue, so no message is too large to send at all).
// Messages with keep set are always queued; they are expected to be small.
// The slices of m are shared, never modified.
func (p *peer) enqueue(m net.Buffers, keep bool) error {
	size := messageSize(m)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if !keep && p.queued > 0 && p.queued+size > p.opts.SendQueueBytes {
		p.dropped++
		return ErrQueueFull
	}
	p.queue = append(p.queue, m)
	p.queued += size
	select {
	case p.wake <- struct{}{}:
	default:
	}
	return nil
}

// writeLoop sends queued messages until the peer is closed. Each vectored
// write has a deadline; a peer that accepts no bytes for WriteTimeout is
// disconnected, which frees its queue (the client's ZeroMQ reconnects).
func (p *peer) writeLoop() {
	for {
		select {
		case <-p.wake:
		case <-p.done:
			return
		}
		for {
			batch, size := p.takeBatch()
			if len(batch) == 0 {
				break
			}
			var bufs net.Buffers // a fresh array: WriteTo consumes it
			for _, m := range batch {
				bufs = append(bufs, m...)
			}
			_ = p.conn.SetWriteDeadline(time.Now().Add(p.opts.WriteTimeout))
			_, err := bufs.WriteTo(p.conn)
			if err != nil {
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					p.mu.Lock()
					dropped := p.dropped
					p.mu.Unlock()
					p.opts.Log.Printf("zmtp: peer %s accepted no data for %v; disconnecting it (%d bytes unsent, %d messages dropped before)",
						p.conn.RemoteAddr(), p.opts.WriteTimeout, size, dropped)
				} else if !p.isClosed() {
					p.opts.Log.Printf("zmtp: write to %s: %v", p.conn.RemoteAddr(), err)
				}
				p.close()
				return
			}
			p.mu.Lock()
			p.queued -= size
			if p.dropped > 0 {
				p.opts.Log.Printf("zmtp: %d messages for slow peer %s were dropped (send queue full)", p.dropped, p.conn.RemoteAddr())
				p.dropped = 0
			}
			p.mu.Unlock()
		}
	}
}

// takeBatch removes up to maxBatch bytes of messages from the queue. When
// the queue becomes empty, waiters in flush are released.
func (p *peer) takeBatch() (batch []net.Buffers, size int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	i := 0
	for i < len(p.queue) && (i == 0 || size < maxBatch) {
		size += messageSize(p.queue[i])
		i++
	}
	batch = p.queue[:i:i]
	p.queue = p.queue[i:]
	if len(p.queue) == 0 {
		p.queue = nil
	}
	if len(batch) == 0 {
		close(p.drained)
		p.drained = make(chan struct{})
	}
	return batch, size
}

// flush waits until everything queued so far has been written, the peer
// is closed, or the deadline passes.
func (p *peer) flush(deadline time.Time) {
	for {
		p.mu.Lock()
		if p.closed || p.queued == 0 {
			p.mu.Unlock()
			return
		}
		drained := p.drained
		p.mu.Unlock()
		t := time.NewTimer(time.Until(deadline))
		select {
		case <-drained:
			t.Stop()
		case <-p.done:
			t.Stop()
			return
		case <-t.C:
			return
		}
	}
}

func (p *peer) isClosed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// close closes the connection and stops the writer. It is idempotent.
func (p *peer) close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.queue, p.queued = nil, 0
	close(p.done)
	p.mu.Unlock()
	_ = p.conn.Close()
}

// subscribe adds (on) or removes a topic prefix for a PUB peer.
func (p *peer) subscribe(topic string, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.topics[topic] = struct{}{}
	} else {
		delete(p.topics, topic)
	}
}

// subscribed reports whether a message whose first frame is topic matches
// one of the peer's subscriptions (a prefix match, as in ZeroMQ).
func (p *peer) subscribed(topic []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for t := range p.topics {
		if len(t) <= len(topic) && string(topic[:len(t)]) == t {
			return true
		}
	}
	return false
}
