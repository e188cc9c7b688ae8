// Package zmtp implements the two kinds of ZeroMQ socket a Jupyter kernel
// binds — ROUTER (shell, control, stdin, heartbeat) and PUB (iopub) — on
// top of the ZMTP 3 handshake of github.com/go-zeromq/zmq4, hardened for
// peers that are slow, stalled, hostile or simply gone.
//
// What it adds over zmq4's own sockets (see the project's zmq4 research
// notes for the measurements behind each point):
//
//   - every peer has its own send queue, bounded in bytes, and its own
//     writer with a write deadline, so one client that stops reading never
//     blocks replies or iopub messages to the others, and memory stays
//     bounded;
//   - each connection's handshake runs in its own goroutine with a
//     deadline, so a silent TCP connection cannot block new clients;
//   - incoming messages are limited in size, and large frames are
//     allocated as their bytes arrive;
//   - ZMTP commands (PING, SUBSCRIBE, …) are answered or applied here and
//     never surface as messages;
//   - a panic in the handshake code on malformed input is contained to
//     that one connection, and a handshake frame over 64 KiB is refused
//     before zmq4 would allocate it (nine bytes announcing 64 GiB would
//     otherwise abort the process).
//
// Sends never block: a message for a full queue is refused (ROUTER) or
// dropped for that subscriber (PUB) unless it is marked to be kept.
package zmtp

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/security/null"
)

// Options tune a socket. The zero value of each field selects its default.
type Options struct {
	// Log receives connection-level events (disconnects, drops, protocol
	// errors). nil discards them.
	Log *log.Logger
	// MaxMessageBytes limits one incoming message (all frames). Larger
	// messages are discarded with a log line. Default 512 MiB.
	MaxMessageBytes int64
	// SendQueueBytes bounds each peer's send queue. Default 64 MiB.
	SendQueueBytes int
	// WriteTimeout is how long a peer may accept no data before it is
	// disconnected. Default 10 s.
	WriteTimeout time.Duration
	// HandshakeTimeout bounds the ZMTP greeting and handshake. Default 5 s.
	HandshakeTimeout time.Duration
	// Linger is how long Close waits for queued messages to be written.
	// Default 1 s.
	Linger time.Duration
}

func (o Options) withDefaults() Options {
	if o.Log == nil {
		o.Log = log.New(io.Discard, "", 0)
	}
	if o.MaxMessageBytes <= 0 {
		o.MaxMessageBytes = 512 << 20
	}
	if o.SendQueueBytes <= 0 {
		o.SendQueueBytes = 64 << 20
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = 5 * time.Second
	}
	if o.Linger <= 0 {
		o.Linger = time.Second
	}
	return o
}

// Endpoint builds a ZeroMQ endpoint the way Jupyter's connection files
// describe one: "tcp://IP:PORT" (with IPv6 addresses bracketed) or, for the
// ipc transport, "ipc://IP-PORT" where IP is a path prefix.
func Endpoint(transport, ip string, port int) string {
	if transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", ip, port)
	}
	return transport + "://" + net.JoinHostPort(ip, fmt.Sprint(port))
}

// splitEndpoint maps a ZeroMQ endpoint to a Go network and address.
func splitEndpoint(ep string) (network, addr string, err error) {
	transport, addr, ok := strings.Cut(ep, "://")
	if !ok || addr == "" {
		return "", "", fmt.Errorf("zmtp: endpoint %q is not transport://address", ep)
	}
	switch transport {
	case "tcp":
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return "", "", fmt.Errorf("zmtp: endpoint %q: %w", ep, err)
		}
		if host == "*" {
			host = ""
		}
		return "tcp", net.JoinHostPort(host, port), nil
	case "ipc":
		return "unix", addr, nil
	}
	return "", "", fmt.Errorf("zmtp: endpoint %q: unsupported transport %q (want tcp or ipc)", ep, transport)
}

// socket is what ROUTER and PUB share: a listener, handshakes, and the set
// of live peers.
type socket struct {
	typ     zmq4.SocketType
	opts    Options
	ln      net.Listener
	unlink  string // ipc socket file to remove on Close
	handler func(p *peer, frames [][]byte)
	joined  func(p *peer) // called once a peer has handshaken, if set

	mu     sync.Mutex
	peers  map[*peer]struct{}
	conns  map[net.Conn]struct{} // connections still in handshake
	nextID uint32
	closed bool
	done   chan struct{}
	wg     sync.WaitGroup
}

func listen(typ zmq4.SocketType, endpoint string, opts Options, handler func(*peer, [][]byte)) (*socket, error) {
	network, addr, err := splitEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	s := &socket{
		typ:     typ,
		opts:    opts.withDefaults(),
		handler: handler,
		peers:   map[*peer]struct{}{},
		conns:   map[net.Conn]struct{}{},
		done:    make(chan struct{}),
	}
	if network == "unix" {
		// Like libzmq, take over a stale socket file left by a dead process.
		if fi, err := os.Lstat(addr); err == nil && fi.Mode()&os.ModeSocket != 0 {
			_ = os.Remove(addr)
		}
		s.unlink = addr
	}
	s.ln, err = net.Listen(network, addr)
	if err != nil {
		return nil, fmt.Errorf("zmtp: listen on %s: %w", endpoint, err)
	}
	var seed [4]byte
	_, _ = rand.Read(seed[:])
	s.nextID = binary.BigEndian.Uint32(seed[:])
	s.wg.Add(1)
	go s.acceptLoop()
	return s, nil
}

func (s *socket) acceptLoop() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if s.isClosed() {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			s.opts.Log.Printf("zmtp: accept on %s: %v", s.ln.Addr(), err)
			time.Sleep(10 * time.Millisecond) // e.g. out of file descriptors
			continue
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			_ = c.Close()
			return
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serve(c)
	}
}

// serve handshakes one connection and then reads from it until it closes.
func (s *socket) serve(c net.Conn) {
	defer s.wg.Done()
	p, err := s.handshake(c)
	s.mu.Lock()
	delete(s.conns, c)
	if err == nil && s.closed {
		err = ErrClosed
	}
	if err == nil {
		s.peers[p] = struct{}{}
	}
	s.mu.Unlock()
	if err != nil {
		if !errors.Is(err, ErrClosed) {
			s.opts.Log.Printf("zmtp: handshake with %s: %v", c.RemoteAddr(), err)
		}
		_ = c.Close()
		return
	}
	if s.joined != nil {
		s.joined(p)
	}
	go p.writeLoop()
	s.readLoop(p)
	s.mu.Lock()
	delete(s.peers, p)
	s.mu.Unlock()
	p.close()
}

// handshake runs the ZMTP greeting and NULL-security handshake (zmq4's
// code) under a deadline, containing any panic it raises on bad input.
func (s *socket) handshake(c net.Conn) (p *peer, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed handshake (zmq4 panicked: %v)", r)
		}
	}()
	_ = c.SetDeadline(time.Now().Add(s.opts.HandshakeTimeout))
	zc, err := zmq4.Open(&handshakeConn{Conn: c}, null.Security(), s.typ, zmq4.SocketIdentity(""), true, nil)
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(time.Time{})
	id := []byte(zc.Peer.Meta["Identity"])
	if len(id) == 0 || id[0] == 0 {
		// Generated identities start with a zero byte, as in libzmq, so
		// they cannot collide with identities that peers choose.
		s.mu.Lock()
		s.nextID++
		id = binary.BigEndian.AppendUint32([]byte{0}, s.nextID)
		s.mu.Unlock()
	}
	return newPeer(c, id, &s.opts), nil
}

func (s *socket) readLoop(p *peer) {
	for {
		frames, command, err := readMessage(p.r, s.opts.MaxMessageBytes)
		switch {
		case errors.Is(err, ErrTooLarge):
			s.opts.Log.Printf("zmtp: dropped a message from %s larger than %d bytes", p.conn.RemoteAddr(), s.opts.MaxMessageBytes)
			continue
		case err != nil:
			if !p.isClosed() && !s.isClosed() && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				s.opts.Log.Printf("zmtp: reading from %s: %v", p.conn.RemoteAddr(), err)
			}
			return
		case command:
			s.command(p, frames[0])
		default:
			s.handler(p, frames)
		}
	}
}

// command handles a ZMTP command from a peer: PING is answered with PONG,
// SUBSCRIBE and CANCEL (ZMTP 3.1 subscriptions) are applied, and anything
// else is ignored.
func (s *socket) command(p *peer, frame []byte) {
	name, body, err := parseCommand(frame)
	if err != nil {
		s.opts.Log.Printf("zmtp: from %s: %v", p.conn.RemoteAddr(), err)
		return
	}
	switch name {
	case "PING":
		// PING carries a 2-byte TTL and up to 16 bytes of context, which
		// PONG echoes.
		var ctx []byte
		if len(body) > 2 {
			ctx = body[2:min(len(body), 18)]
		}
		_ = p.enqueue(commandFrame("PONG", ctx), true)
	case "SUBSCRIBE":
		p.subscribe(string(body), true)
	case "CANCEL":
		p.subscribe(string(body), false)
	}
}

// Addr returns the address the socket listens on.
func (s *socket) Addr() net.Addr { return s.ln.Addr() }

func (s *socket) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// livePeers returns a snapshot of the handshaken peers.
func (s *socket) livePeers() []*peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := make([]*peer, 0, len(s.peers))
	for p := range s.peers {
		ps = append(ps, p)
	}
	return ps
}

// Close stops accepting, waits up to Linger for queued messages to be
// written, and closes every connection. It is idempotent.
func (s *socket) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	conns := make([]net.Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	err := s.ln.Close()
	for _, c := range conns {
		_ = c.Close()
	}
	deadline := time.Now().Add(s.opts.Linger)
	for _, p := range s.livePeers() {
		p.flush(deadline)
		p.close()
	}
	s.wg.Wait()
	if s.unlink != "" {
		_ = os.Remove(s.unlink)
	}
	return err
}
