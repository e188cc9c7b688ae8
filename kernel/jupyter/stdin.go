package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// inputs connects a cell waiting in Output.Input with the input_reply
// that the stdin channel receives. Only one input request is outstanding
// at a time.
type inputs struct {
	turn    sync.Mutex // held by the cell waiting for input
	mu      sync.Mutex
	waiting chan *message // nil when no cell waits
}

func newInputs() *inputs { return &inputs{} }

// deliver hands an input_reply to the waiting cell; it reports false when
// no cell waits for one.
func (in *inputs) deliver(m *message) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.waiting == nil {
		return false
	}
	select {
	case in.waiting <- m:
		return true
	default:
		return false
	}
}

func (k *Kernel) serveStdin(ctx context.Context) {
	for {
		frames, err := k.stdin.Recv(ctx)
		if err != nil {
			return
		}
		m, err := k.codec.decode(frames)
		if err != nil {
			k.log.Printf("stdin: dropped a message: %v", err)
			continue
		}
		if m.header.MsgType != "input_reply" {
			k.log.Printf("stdin: ignored a %q message", m.header.MsgType)
			continue
		}
		if !k.inputs.deliver(m) {
			k.log.Printf("stdin: an input_reply arrived while no cell asked for input; ignored")
		}
	}
}

// input sends input_request to the client that sent the running
// execute_request and waits for its input_reply or for ctx to end.
func (k *Kernel) input(ctx context.Context, parent *message, prompt string, password bool) (string, error) {
	in := k.inputs
	in.turn.Lock()
	defer in.turn.Unlock()
	replies := make(chan *message, 1)
	in.mu.Lock()
	in.waiting = replies
	in.mu.Unlock()
	defer func() {
		in.mu.Lock()
		in.waiting = nil
		in.mu.Unlock()
	}()

	// What the cell printed before asking should appear before the prompt.
	k.iopub.flush(flushTimeout)
	frames, err := k.codec.encode(outgoing{
		identities: parent.identities,
		msgType:    "input_request",
		parent:     parent.rawHeader,
		content:    map[string]any{"prompt": prompt, "password": password},
	})
	if err != nil {
		return "", fmt.Errorf("input request: %w", err)
	}
	requestID := headerID(frames, len(parent.identities))
	if err := k.stdin.Send(frames); err != nil {
		return "", fmt.Errorf("input request: the client's stdin channel is not reachable: %w", err)
	}
	for {
		select {
		case m := <-replies:
			// jupyter_client sends input_reply without a parent; other
			// clients set it to the request. A reply to an older request
			// is stale.
			var p struct {
				MsgID string `json:"msg_id"`
			}
			_ = json.Unmarshal(m.parent, &p)
			if p.MsgID != "" && p.MsgID != requestID {
				k.log.Printf("stdin: ignored an input_reply to an earlier request")
				continue
			}
			var c struct {
				Value *string `json:"value"`
			}
			if err := json.Unmarshal(m.content, &c); err != nil || c.Value == nil {
				return "", errors.New("input: the client sent a malformed input_reply")
			}
			return *c.Value, nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
}

// headerID returns the msg_id of an encoded message whose delimiter is at
// index d.
func headerID(frames [][]byte, d int) string {
	var h header
	_ = json.Unmarshal(frames[d+2], &h)
	return h.MsgID
}
