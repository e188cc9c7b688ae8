package zmtp

import (
	"net"

	"github.com/go-zeromq/zmq4"
)

// Pub is the server side of a ZeroMQ PUB socket. Each subscriber has its
// own bounded queue: a subscriber that reads slowly loses messages (those
// not marked keep) instead of slowing the others down, and one that stops
// reading altogether is disconnected after the write timeout.
type Pub struct {
	*socket
}

// ListenPub binds a PUB socket to endpoint.
func ListenPub(endpoint string, opts Options) (*Pub, error) {
	s, err := listen(zmq4.Pub, endpoint, opts, subscription)
	if err != nil {
		return nil, err
	}
	return &Pub{s}, nil
}

// subscription applies a ZMTP 3.0 subscription message: one frame whose
// first byte is 1 (subscribe) or 0 (unsubscribe), followed by the topic.
// Anything else a subscriber sends is ignored.
func subscription(p *peer, frames [][]byte) {
	if len(frames) != 1 || len(frames[0]) == 0 || frames[0][0] > 1 {
		return
	}
	p.subscribe(string(frames[0][1:]), frames[0][0] == 1)
}

// Publish sends a message to every subscriber whose subscription matches
// its first frame (the topic). It never blocks. A subscriber whose queue is
// full misses the message, unless keep is set: kept messages (Jupyter's
// status messages, for instance) are queued regardless. It returns how many
// subscribers the message was queued for.
func (p *Pub) Publish(frames [][]byte, keep bool) int {
	if len(frames) == 0 {
		return 0
	}
	var m net.Buffers
	n := 0
	for _, sub := range p.livePeers() {
		if !sub.subscribed(frames[0]) {
			continue
		}
		if m == nil {
			m = appendFrames(nil, frames)
		}
		if sub.enqueue(m, keep) == nil {
			n++
		}
	}
	return n
}

// Subscribers returns the number of connected subscribers (whether or not
// they have subscribed to anything yet).
func (p *Pub) Subscribers() int { return len(p.livePeers()) }

// Addr returns the address the socket listens on (useful with port 0).
func (p *Pub) Addr() net.Addr { return p.socket.Addr() }

// Close closes the socket; see socket.Close.
func (p *Pub) Close() error { return p.socket.Close() }
