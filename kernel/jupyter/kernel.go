// Package jupyter is gonn's Jupyter protocol layer: it speaks the Jupyter
// messaging protocol (version 5.3) over ZeroMQ and runs cells through a
// lang.Interpreter, knowing nothing about the language itself.
//
// A Kernel binds the five channels of a connection file: heartbeat
// (echo), shell and control (requests and replies), stdin (input
// requests) and iopub (everything the kernel broadcasts). Every message is
// signed with HMAC-SHA256 and every incoming signature is checked in
// constant time; malformed or unsigned messages are logged and dropped,
// unknown requests get an error reply, and nothing a client sends can make
// the kernel panic or stop answering.
//
// Cells run one at a time in their own goroutine, under a context that
// interrupt_request (or Kernel.Interrupt, which gonn wires to SIGINT)
// cancels. The control channel is read by its own goroutine, so interrupt
// and shutdown work while a cell runs; shell requests other than
// execute_request (completion, inspection, history, kernel_info) are
// answered at once, even while a cell runs.
//
// Output is paced: stream writes are coalesced (per 50 ms or 64 KiB by
// default) and everything iopub sends goes through one ordered queue
// bounded in bytes, so status busy → output → idle keep their order and
// status messages are never dropped.
//
// What is the same for every language lives here rather than in the
// engine: execution counts, stop_on_error (queued cells are aborted after
// a failing one), history (history_request's tail, range and search, kept
// in a file shared by all sessions), input requests over the stdin
// channel, and user_expressions for engines that do not evaluate them.
// Requests for completion, inspection and is_complete go to the optional
// interfaces of package lang; an interpreter without them gets
// well-formed empty replies. A signed message seen before is refused, so
// captured requests cannot be replayed.
//
// The sockets are those of package zmtp, which keeps slow or stalled
// clients from blocking the kernel or each other.
package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os/user"
	"strings"
	"sync"
	"time"

	"github.com/gonn-dev/gonn/kernel/jupyter/zmtp"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// Config configures a Kernel. Only Connection and Interpreter are
// required; zero values elsewhere select the defaults.
type Config struct {
	// Connection says where to listen and how to sign. A port of 0 picks
	// a free port (see Kernel.Connection).
	Connection ConnectionInfo
	// Interpreter runs the cells.
	Interpreter lang.Interpreter
	// Log receives the kernel's own diagnostics; nil discards them.
	Log *log.Logger
	// HistoryFile is where execution history is kept across sessions (a
	// JSON-lines file, shared safely by concurrent kernels). "" keeps
	// history in memory for this session only, as does a file that
	// cannot be opened (which is logged).
	HistoryFile string
	// StreamInterval is how long stream output is collected before it is
	// sent (default 50 ms); StreamChunkBytes caps one stream message
	// (default 64 KiB).
	StreamInterval   time.Duration
	StreamChunkBytes int
	// IOPubQueueBytes bounds the bytes waiting to be published; cells that
	// print faster than iopub drains wait (default 32 MiB).
	IOPubQueueBytes int
	// ClientTimeout is how long a client may accept no data before it is
	// disconnected (default 10 s). Sends never block the kernel; this
	// only bounds how long a stalled client holds its queued replies.
	ClientTimeout time.Duration
	// MaxMessageBytes limits one incoming message (default 512 MiB).
	MaxMessageBytes int64
}

// Kernel is one Jupyter kernel session: its sockets, its execution queue
// and its history. Create it with New, serve with Run.
type Kernel struct {
	cfg    Config
	conn   ConnectionInfo
	interp lang.Interpreter
	log    *log.Logger
	codec  *codec

	shell, control, stdin, hb *zmtp.Router
	pub                       *zmtp.Pub
	iopub                     *publisher
	history                   *history
	queue                     *execQueue
	inputs                    *inputs

	stateMu  sync.Mutex
	running  *message           // the execute_request being run
	cancel   context.CancelFunc // cancels the running cell
	stopping bool               // Run is shutting down: cells are cancelled as they start

	stopOnce sync.Once
	stop     chan struct{}
	restart  bool
	ran      bool
}

// New binds the kernel's sockets. The kernel does not answer until Run.
func New(cfg Config) (*Kernel, error) {
	if cfg.Interpreter == nil {
		return nil, errors.New("jupyter: Config.Interpreter is nil")
	}
	ci := cfg.Connection
	if err := ci.validate(); err != nil {
		return nil, fmt.Errorf("jupyter: %w", err)
	}
	if cfg.Log == nil {
		cfg.Log = log.New(io.Discard, "", 0)
	}
	if cfg.StreamInterval <= 0 {
		cfg.StreamInterval = 50 * time.Millisecond
	}
	if cfg.StreamChunkBytes <= 0 {
		cfg.StreamChunkBytes = 64 << 10
	}
	if cfg.IOPubQueueBytes <= 0 {
		cfg.IOPubQueueBytes = 32 << 20
	}
	username := "gonn"
	if u, err := user.Current(); err == nil && u.Username != "" {
		username = u.Username
	}
	c, err := newCodec(ci.SignatureScheme, ci.Key, username)
	if err != nil {
		return nil, fmt.Errorf("jupyter: %w", err)
	}
	k := &Kernel{
		cfg: cfg, interp: cfg.Interpreter, log: cfg.Log, codec: c,
		queue: newExecQueue(), inputs: newInputs(), stop: make(chan struct{}),
	}
	if err := k.listen(&ci); err != nil {
		k.closeSockets()
		return nil, err
	}
	k.conn = ci
	if k.history, err = openHistory(cfg.HistoryFile, k.log); err != nil {
		// History is a convenience: an unusable file costs persistence,
		// not the kernel.
		k.log.Printf("%v; keeping this session's history in memory only", err)
		k.history, _ = openHistory("", k.log)
	}
	return k, nil
}

// listen binds the five sockets and records the ports they got.
func (k *Kernel) listen(ci *ConnectionInfo) error {
	opts := zmtp.Options{Log: k.log, WriteTimeout: k.cfg.ClientTimeout, MaxMessageBytes: k.cfg.MaxMessageBytes}
	routers := []struct {
		name string
		port *int
		sock **zmtp.Router
	}{{"shell", &ci.ShellPort, &k.shell}, {"control", &ci.ControlPort, &k.control},
		{"stdin", &ci.StdinPort, &k.stdin}, {"heartbeat", &ci.HBPort, &k.hb}}
	for _, r := range routers {
		s, err := zmtp.ListenRouter(ci.endpoint(*r.port), opts)
		if err != nil {
			return fmt.Errorf("jupyter: %s channel: %w", r.name, err)
		}
		*r.sock = s
		*r.port = boundPort(s.Addr(), *r.port)
	}
	pub, err := zmtp.ListenPub(ci.endpoint(ci.IOPubPort), opts)
	if err != nil {
		return fmt.Errorf("jupyter: iopub channel: %w", err)
	}
	k.pub = pub
	ci.IOPubPort = boundPort(pub.Addr(), ci.IOPubPort)
	return nil
}

func boundPort(a net.Addr, port int) int {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.Port
	}
	return port
}

// Connection returns the connection info with the ports actually bound,
// ready to be written to a connection file.
func (k *Kernel) Connection() ConnectionInfo { return k.conn }

// Run serves the kernel until a shutdown_request is handled or ctx is
// cancelled, then shuts the interpreter down and closes the sockets. It
// may be called once.
func (k *Kernel) Run(ctx context.Context) error {
	if k.ran {
		return errors.New("jupyter: Kernel.Run called twice")
	}
	k.ran = true
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k.iopub = newPublisher(k.codec, k.pub, k.log, k.cfg.StreamInterval, k.cfg.StreamChunkBytes, k.cfg.IOPubQueueBytes)
	k.status(nil, "starting")

	var loops sync.WaitGroup
	for _, loop := range []func(context.Context){k.heartbeat, k.serveShell, k.serveControl, k.serveStdin} {
		loops.Add(1)
		go func() {
			defer loops.Done()
			loop(ctx)
		}()
	}
	executorDone := make(chan struct{})
	go func() {
		defer close(executorDone)
		k.runExecutor(ctx)
	}()

	select {
	case <-ctx.Done():
		k.log.Printf("stopping: %v", context.Cause(ctx))
	case <-k.stop:
	}
	k.queue.close()
	k.stateMu.Lock()
	k.stopping = true
	if k.cancel != nil {
		k.cancel()
	}
	k.stateMu.Unlock()
	select {
	case <-executorDone:
	case <-time.After(3 * time.Second):
		k.log.Printf("the running cell did not stop within 3 s of the interrupt; shutting down anyway")
	}
	k.shutdownInterpreter()
	k.iopub.close(2 * time.Second)
	k.closeSockets()
	cancel()
	loops.Wait()
	if err := k.history.close(); err != nil {
		k.log.Printf("history: %v", err)
	}
	return nil
}

// Close releases the sockets and history file of a kernel that has not
// been run; Run releases them itself. The interpreter is not shut down.
func (k *Kernel) Close() error {
	if k.ran {
		return errors.New("jupyter: Close after Run; Run closes the kernel")
	}
	k.ran = true
	k.closeSockets()
	return k.history.close()
}

// shutdownInterpreter calls Interpreter.Shutdown, bounded in time and
// protected from panics.
func (k *Kernel) shutdownInterpreter() {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer k.recoverPanic("Interpreter.Shutdown")
		if err := k.interp.Shutdown(k.restart); err != nil {
			k.log.Printf("interpreter shutdown: %v", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		k.log.Printf("interpreter shutdown took more than 5 s; continuing")
	}
}

// closeSockets closes the five sockets at once: each may linger a moment
// to deliver what is queued (the shutdown_reply, the last outputs).
func (k *Kernel) closeSockets() {
	var socks []interface{ Close() error }
	for _, r := range []*zmtp.Router{k.shell, k.control, k.stdin, k.hb} {
		if r != nil {
			socks = append(socks, r)
		}
	}
	if k.pub != nil {
		socks = append(socks, k.pub)
	}
	var wg sync.WaitGroup
	for _, s := range socks {
		wg.Go(func() { _ = s.Close() })
	}
	wg.Wait()
}

// requestStop makes Run return after the current request.
func (k *Kernel) requestStop(restart bool) {
	k.stopOnce.Do(func() {
		k.restart = restart
		close(k.stop)
	})
}

// Interrupt cancels the running cell's context, exactly as an
// interrupt_request does; gonn calls it on SIGINT. It reports whether a
// cell was running. It is safe to call from any goroutine.
func (k *Kernel) Interrupt() bool {
	k.stateMu.Lock()
	defer k.stateMu.Unlock()
	if k.cancel == nil {
		return false
	}
	k.cancel()
	return true
}

func (k *Kernel) heartbeat(ctx context.Context) {
	for {
		m, err := k.hb.Recv(ctx)
		if err != nil {
			return
		}
		if err := k.hb.Send(m); err != nil {
			k.log.Printf("heartbeat: %v", err)
		}
	}
}

func (k *Kernel) serveShell(ctx context.Context)   { k.serve(ctx, "shell", k.shell) }
func (k *Kernel) serveControl(ctx context.Context) { k.serve(ctx, "control", k.control) }

// serve reads one ROUTER channel and dispatches what it decodes.
func (k *Kernel) serve(ctx context.Context, channel string, sock *zmtp.Router) {
	for {
		frames, err := sock.Recv(ctx)
		if err != nil {
			return
		}
		m, err := k.codec.decode(frames)
		switch {
		case err != nil && m != nil && strings.HasSuffix(m.header.MsgType, "_request"):
			k.log.Printf("%s: malformed %s: %v", channel, m.header.MsgType, err)
			m.parent, m.metadata, m.content = emptyObject, emptyObject, emptyObject
			k.busy(m)
			k.reply(sock, m, replyType(m.header.MsgType), errorContent("BadRequest", "malformed message: "+err.Error()))
			k.idle(m)
		case err != nil:
			k.log.Printf("%s: dropped a message: %v", channel, err)
		default:
			k.dispatch(channel, sock, m)
		}
	}
}

// recoverPanic logs a panic in a call into the interpreter (or in the
// kernel itself) instead of letting it end the process.
func (k *Kernel) recoverPanic(what string) {
	if r := recover(); r != nil {
		k.log.Printf("panic in %s: %v", what, r)
	}
}

// status publishes a status message; it is never dropped.
func (k *Kernel) status(parent *message, state string) {
	var raw json.RawMessage
	if parent != nil {
		raw = parent.rawHeader
	}
	if err := k.iopub.publish("status", raw, map[string]string{"execution_state": state}, true); err != nil {
		k.log.Printf("iopub: status: %v", err)
	}
}

// busy publishes status busy for a request.
func (k *Kernel) busy(m *message) {
	k.stateMu.Lock()
	defer k.stateMu.Unlock()
	k.status(m, "busy")
}

// idle publishes status idle for a request. While a cell runs, it then
// re-asserts busy on the cell's behalf, so that a frontend that follows
// the kernel-wide state keeps showing the kernel busy.
func (k *Kernel) idle(m *message) {
	k.stateMu.Lock()
	defer k.stateMu.Unlock()
	k.status(m, "idle")
	if k.running != nil && k.running != m {
		k.status(k.running, "busy")
	}
}

// reply sends a reply to req on sock. A reply that cannot be encoded is
// replaced by an error reply saying why.
func (k *Kernel) reply(sock *zmtp.Router, req *message, msgType string, content any) {
	frames, err := k.codec.encode(outgoing{identities: req.identities, msgType: msgType, parent: req.rawHeader, content: content})
	if err != nil {
		k.log.Printf("encoding %s: %v", msgType, err)
		frames, err = k.codec.encode(outgoing{identities: req.identities, msgType: msgType, parent: req.rawHeader,
			content: errorContent("EncodingError", "the kernel could not encode its reply: "+err.Error())})
		if err != nil {
			return
		}
	}
	// A full queue is reported by the socket, once per episode.
	if err := sock.Send(frames); err != nil && !errors.Is(err, zmtp.ErrQueueFull) {
		k.log.Printf("sending %s for %s: %v", msgType, req.header.MsgID, err)
	}
}

// errorReply is the content of a reply with status "error".
type errorReply struct {
	Status    string   `json:"status"`
	EName     string   `json:"ename"`
	EValue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

func errorContent(ename, evalue string) errorReply {
	return errorReply{Status: "error", EName: ename, EValue: evalue, Traceback: []string{ename + ": " + evalue}}
}

// replyType maps "x_request" to "x_reply".
func replyType(requestType string) string {
	return strings.TrimSuffix(requestType, "_request") + "_reply"
}
