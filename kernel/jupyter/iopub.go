package jupyter

import (
	"encoding/json"
	"log"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gonn-dev/gonn/kernel/jupyter/zmtp"
)

// flushTimeout bounds how long the kernel waits for queued output to be
// handed to the iopub socket before it replies or asks for input.
const flushTimeout = 5 * time.Second

// publisher owns the iopub socket. Everything published goes through one
// ordered queue, bounded in bytes, drained by one goroutine, so busy →
// output → idle keep their order and a chatty cell cannot flood iopub:
//
//   - consecutive stream writes with the same name and parent are
//     coalesced into one stream message, sent when it reaches chunk bytes,
//     when interval has passed since its first write (so output still
//     arrives in real time), or when anything else is queued behind it;
//   - producers of output wait while the queue is full;
//   - status messages (keep) never wait and are never dropped, here or by
//     the socket's per-subscriber queues.
type publisher struct {
	codec    *codec
	pub      *zmtp.Pub
	log      *log.Logger
	interval time.Duration
	chunk    int
	maxBytes int

	mu      sync.Mutex
	space   *sync.Cond // signalled when the queue shrinks or closes
	items   []*pubItem
	bytes   int
	closing bool // drain what is queued, then stop
	closed  bool // nothing more is accepted
	wake    chan struct{}
	stopped chan struct{}
}

// pubItem is one queued message, stream chunk or flush barrier.
type pubItem struct {
	frames [][]byte // an encoded message (with key: a display update), or
	stream string   // a stream chunk ("stdout"/"stderr") ...
	text   []byte
	start  time.Time
	sealed bool            // ... that takes no more text
	parent json.RawMessage // the stream's parent header
	pid    string          // the parent's msg_id
	done   chan struct{}   // a barrier: closed when reached
	keep   bool
	size   int
	// key names the display that an update_display_data replaces
	// (parent and display id); a newer update of the same display
	// replaces one still queued.
	key string
}

func newPublisher(c *codec, pub *zmtp.Pub, logger *log.Logger, interval time.Duration, chunk, maxBytes int) *publisher {
	p := &publisher{
		codec: c, pub: pub, log: logger,
		interval: interval, chunk: chunk, maxBytes: maxBytes,
		wake:    make(chan struct{}, 1),
		stopped: make(chan struct{}),
	}
	p.space = sync.NewCond(&p.mu)
	go p.run()
	return p
}

func (p *publisher) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// waitForRoom blocks (with p.mu held) until the queue has room or closes.
func (p *publisher) waitForRoom() {
	for !p.closed && p.bytes >= p.maxBytes && len(p.items) > 0 {
		p.signal() // a full queue sends its stream chunk without delay
		p.space.Wait()
	}
}

// publish queues a message. Unless keep is set, it waits while the queue
// is full. It reports an encoding error; after close it drops silently.
func (p *publisher) publish(msgType string, parent json.RawMessage, content any, keep bool) error {
	return p.enqueue(msgType, parent, content, keep, "")
}

// update queues an update_display_data for the display named key. An
// update of the same display still waiting at the end of the queue is
// replaced, since only the latest state matters: a cell that updates a
// display in a tight loop costs at most one message per interval.
func (p *publisher) update(parent json.RawMessage, key string, content any) error {
	return p.enqueue("update_display_data", parent, content, false, key)
}

// enqueue encodes a message and queues it (see publish and update).
func (p *publisher) enqueue(msgType string, parent json.RawMessage, content any, keep bool, key string) error {
	frames, err := p.codec.encode(outgoing{
		identities: [][]byte{[]byte("kernel." + p.codec.session + "." + msgType)},
		msgType:    msgType,
		parent:     parent,
		content:    content,
	})
	if err != nil {
		return err
	}
	size := 0
	for _, f := range frames {
		size += len(f)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !keep {
		p.waitForRoom()
	}
	if p.closed {
		return nil
	}
	if n := len(p.items); key != "" && n > 0 && p.items[n-1].key == key {
		last := p.items[n-1]
		p.bytes += size - last.size
		last.frames, last.size = frames, size
		return nil
	}
	p.items = append(p.items, &pubItem{frames: frames, keep: keep, size: size, key: key, start: time.Now()})
	p.bytes += size
	p.signal()
	return nil
}

// stream queues text for a stream message, coalescing it with the stream
// chunk at the end of the queue when name and parent match.
func (p *publisher) stream(parent json.RawMessage, parentID, name, text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for text != "" {
		p.waitForRoom()
		if p.closed {
			return
		}
		it := p.openStream(parent, parentID, name)
		n := cutRunes(text, min(p.chunk-len(it.text), max(p.maxBytes-p.bytes, 1)))
		it.text = append(it.text, text[:n]...)
		it.size += n
		p.bytes += n
		text = text[n:]
		if len(it.text) >= p.chunk {
			it.sealed = true
		}
		p.signal()
	}
}

// openStream returns the stream chunk to append to: the last item when it
// is an open chunk of the same stream and parent, else a new one.
func (p *publisher) openStream(parent json.RawMessage, parentID, name string) *pubItem {
	if n := len(p.items); n > 0 {
		last := p.items[n-1]
		if last.stream == name && !last.sealed && last.pid == parentID {
			return last
		}
	}
	it := &pubItem{stream: name, parent: parent, pid: parentID, start: time.Now()}
	p.items = append(p.items, it)
	return it
}

// cutRunes returns how many leading bytes of s to take so as to take at
// most n bytes (at least one rune) without splitting a UTF-8 sequence.
func cutRunes(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for i := n; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return i
		}
	}
	_, size := utf8.DecodeRuneInString(s)
	return size
}

// flush waits until everything queued before the call has been handed to
// the socket, or until timeout.
func (p *publisher) flush(timeout time.Duration) {
	done := make(chan struct{})
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.items = append(p.items, &pubItem{done: done, keep: true})
	p.signal()
	p.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
	case <-p.stopped:
	case <-t.C:
		p.log.Printf("iopub: flush timed out after %v", timeout)
	}
}

// run is the owner goroutine: it takes items in order and sends them.
func (p *publisher) run() {
	defer close(p.stopped)
	var timer *time.Timer
	for {
		p.mu.Lock()
		if len(p.items) == 0 {
			if p.closing {
				p.closed = true
				p.space.Broadcast()
				p.mu.Unlock()
				return
			}
			p.mu.Unlock()
			<-p.wake
			continue
		}
		head := p.items[0]
		if wait := p.holdBack(head); wait > 0 {
			p.mu.Unlock()
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			select {
			case <-p.wake:
				timer.Stop()
			case <-timer.C:
			}
			continue
		}
		p.items[0] = nil
		p.items = p.items[1:]
		p.bytes -= head.size
		p.space.Broadcast()
		p.mu.Unlock()
		p.send(head)
	}
}

// holdBack returns how long to keep a stream chunk or display update at
// the head of the queue to collect more text or newer updates: until the
// chunk is full, something else is queued behind it, the queue is full,
// or interval has passed since it was queued.
func (p *publisher) holdBack(head *pubItem) time.Duration {
	if head.stream == "" && head.key == "" || head.sealed || len(p.items) > 1 || p.closing || p.bytes >= p.maxBytes {
		return 0
	}
	return p.interval - time.Since(head.start)
}

func (p *publisher) send(it *pubItem) {
	switch {
	case it.done != nil:
		close(it.done)
	case it.stream != "":
		frames, err := p.codec.encode(outgoing{
			identities: [][]byte{[]byte("stream." + it.stream)},
			msgType:    "stream",
			parent:     it.parent,
			content:    streamContent{Name: it.stream, Text: string(it.text)},
		})
		if err != nil {
			p.log.Printf("iopub: encoding stream: %v", err)
			return
		}
		p.pub.Publish(frames, false)
	default:
		p.pub.Publish(it.frames, it.keep)
	}
}

// close sends what is queued (waiting at most timeout) and stops the
// owner goroutine. Later publications are dropped.
func (p *publisher) close(timeout time.Duration) {
	p.mu.Lock()
	p.closing = true
	p.signal()
	p.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-p.stopped:
	case <-t.C:
		p.log.Printf("iopub: %v was not enough to send the remaining output", timeout)
		p.mu.Lock()
		p.closed = true
		p.space.Broadcast()
		p.mu.Unlock()
	}
}

// streamContent is the content of a stream message.
type streamContent struct {
	Name string `json:"name"`
	Text string `json:"text"`
}
