package zmtp

import (
	"context"
	"fmt"
	"net"
	"sync"

	"github.com/go-zeromq/zmq4"
)

// ErrNoPeer is returned by Router.Send when no connected peer has the
// message's identity (it disconnected, or never existed).
var ErrNoPeer = fmt.Errorf("zmtp: no connected peer with that identity")

// Router is the server side of a ZeroMQ ROUTER socket: it receives messages
// prefixed with the sending peer's identity, and routes messages to a peer
// by the identity in their first frame.
type Router struct {
	*socket
	in chan [][]byte

	mu   sync.Mutex
	byID map[string]*peer
}

// ListenRouter binds a ROUTER socket to endpoint ("tcp://127.0.0.1:5555",
// "tcp://[::1]:0", "ipc:///path").
func ListenRouter(endpoint string, opts Options) (*Router, error) {
	r := &Router{in: make(chan [][]byte, 64), byID: map[string]*peer{}}
	s, err := listen(zmq4.Router, endpoint, opts, r.deliver)
	if err != nil {
		return nil, err
	}
	s.joined = r.join
	r.socket = s
	return r, nil
}

// join records a new peer under its identity; the newest connection wins
// an identity, as with libzmq's ROUTER_HANDOVER. A peer is reachable as
// soon as it has connected, before it sends anything: Jupyter's stdin
// channel only ever receives first.
func (r *Router) join(p *peer) {
	r.mu.Lock()
	r.byID[string(p.id)] = p
	r.mu.Unlock()
	go r.forget(p)
}

// deliver runs in a peer's reader goroutine and hands a message to Recv,
// prefixed with the peer's identity. It blocks while Recv's buffer is
// full, which stops reading from that peer: TCP flow control then slows
// the sender down.
func (r *Router) deliver(p *peer, frames [][]byte) {
	msg := make([][]byte, 0, len(frames)+1)
	msg = append(msg, p.id)
	msg = append(msg, frames...)
	select {
	case r.in <- msg:
	case <-r.done:
	}
}

// forget drops p's identity once p is closed.
func (r *Router) forget(p *peer) {
	<-p.done
	r.mu.Lock()
	if r.byID[string(p.id)] == p {
		delete(r.byID, string(p.id))
	}
	r.mu.Unlock()
}

// Recv returns the next message; its first frame is the sender's identity.
func (r *Router) Recv(ctx context.Context) ([][]byte, error) {
	select {
	case m := <-r.in:
		return m, nil
	case <-r.done:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Send queues a message for the peer named by its first frame and returns
// at once. It returns ErrNoPeer when that peer is not connected and
// ErrQueueFull when the peer has stopped reading; the message is dropped in
// both cases. The frames must not be modified afterwards.
func (r *Router) Send(frames [][]byte) error {
	if len(frames) < 2 {
		return fmt.Errorf("zmtp: router message needs an identity and a body")
	}
	r.mu.Lock()
	p := r.byID[string(frames[0])]
	r.mu.Unlock()
	if p == nil {
		return ErrNoPeer
	}
	return p.enqueue(appendFrames(nil, frames[1:]), false)
}

// Peers returns the number of connected peers.
func (r *Router) Peers() int { return len(r.livePeers()) }

// Addr returns the address the socket listens on (useful with port 0).
func (r *Router) Addr() net.Addr { return r.socket.Addr() }

// Close closes the socket; see socket.Close.
func (r *Router) Close() error { return r.socket.Close() }
