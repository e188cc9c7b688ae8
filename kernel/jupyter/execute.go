package jupyter

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"sort"
	"sync"

	"github.com/gonn-dev/gonn/kernel/jupyter/zmtp"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// executeRequest is the content of execute_request. The pointer fields
// default to true when absent.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func orTrue(b *bool) bool { return b == nil || *b }

// execJob is one queued execute_request.
type execJob struct {
	sock    *zmtp.Router
	msg     *message
	req     executeRequest
	aborted bool // an earlier cell failed with stop_on_error
}

// execQueue holds execute requests in arrival order for the executor.
type execQueue struct {
	mu     sync.Mutex
	jobs   []*execJob
	closed bool
	wake   chan struct{}
}

func newExecQueue() *execQueue { return &execQueue{wake: make(chan struct{}, 1)} }

func (q *execQueue) push(j *execJob) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.jobs = append(q.jobs, j)
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return true
}

// pop waits for the next job; it returns nil once the queue is closed.
func (q *execQueue) pop(ctx context.Context) *execJob {
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return nil
		}
		if len(q.jobs) > 0 {
			j := q.jobs[0]
			q.jobs[0] = nil
			q.jobs = q.jobs[1:]
			q.mu.Unlock()
			return j
		}
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-ctx.Done():
			return nil
		}
	}
}

// abortAll marks every queued job aborted: after a cell fails with
// stop_on_error, the cells queued behind it are not run.
func (q *execQueue) abortAll() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, j := range q.jobs {
		j.aborted = true
	}
}

func (q *execQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// enqueueExecute decodes an execute_request and queues it.
func (k *Kernel) enqueueExecute(sock *zmtp.Router, m *message) {
	j := &execJob{sock: sock, msg: m}
	if !k.decodeContentBracketed(sock, m, &j.req) {
		return
	}
	if !k.queue.push(j) {
		k.log.Printf("execute_request %s arrived during shutdown; dropped", m.header.MsgID)
	}
}

// decodeContentBracketed is decodeContent for requests that are not
// otherwise bracketed by busy/idle.
func (k *Kernel) decodeContentBracketed(sock *zmtp.Router, m *message, v any) bool {
	if err := json.Unmarshal(m.content, v); err == nil {
		return true
	}
	k.busy(m)
	defer k.idle(m)
	return k.decodeContent(sock, m, v)
}

// runExecutor runs queued cells one after the other until the queue
// closes.
func (k *Kernel) runExecutor(ctx context.Context) {
	count := 0
	for {
		j := k.queue.pop(ctx)
		if j == nil {
			return
		}
		if j.aborted {
			k.abort(j)
			continue
		}
		count = k.execute(ctx, j, count)
	}
}

// abort answers a job that will not run.
func (k *Kernel) abort(j *execJob) {
	k.busy(j.msg)
	// "aborted" is what ipykernel sends and what frontends handle.
	k.reply(j.sock, j.msg, "execute_reply", map[string]any{"status": "aborted"})
	k.idle(j.msg)
}

// execute runs one cell: busy → execute_input → output → result or error
// → execute_reply → idle. It returns the updated execution count.
func (k *Kernel) execute(parent context.Context, j *execJob, count int) int {
	req := j.req
	storeHistory := orTrue(req.StoreHistory) && !req.Silent
	if storeHistory {
		count++
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	k.stateMu.Lock()
	k.running, k.cancel = j.msg, cancel
	if k.stopping {
		cancel() // popped just before shutdown: interrupted from the start
	}
	k.status(j.msg, "busy")
	k.stateMu.Unlock()

	if !req.Silent {
		k.publish("execute_input", j.msg, map[string]any{"code": req.Code, "execution_count": count})
	}
	if storeHistory {
		k.history.add(count, req.Code)
	}
	out := &cellOutput{k: k, msg: j.msg, silent: req.Silent, allowStdin: orTrue(req.AllowStdin)}
	res := k.safeExecute(ctx, lang.ExecuteRequest{
		Code: req.Code, Silent: req.Silent, StoreHistory: storeHistory,
		AllowStdin: out.allowStdin, StopOnError: orTrue(req.StopOnError),
		ExecutionCount: count, UserExpressions: req.UserExpressions,
	}, out)

	userExprs := res.UserExpressions
	if res.Error == nil && userExprs == nil && len(req.UserExpressions) > 0 {
		userExprs = k.userExpressions(ctx, req.UserExpressions, count)
	}
	reply := map[string]any{
		"execution_count":  count,
		"user_expressions": orEmpty(userExprs),
		"payload":          orEmptyList(res.Payload),
	}
	if e := res.Error; e != nil {
		tb := e.Traceback
		if tb == nil {
			tb = []string{}
		}
		if !req.Silent {
			k.publish("error", j.msg, map[string]any{"ename": e.EName, "evalue": e.EValue, "traceback": tb})
		}
		reply["status"], reply["ename"], reply["evalue"], reply["traceback"] = "error", e.EName, e.EValue, tb
		if orTrue(req.StopOnError) {
			k.queue.abortAll()
		}
	} else {
		reply["status"] = "ok"
		if res.Data != nil && !req.Silent {
			k.publish("execute_result", j.msg, map[string]any{
				"execution_count": count, "data": res.Data, "metadata": orEmpty(res.Metadata)})
			if storeHistory {
				k.history.setOutput(count, plainText(res.Data))
			}
		}
	}
	// Clients read the reply first and then iopub up to idle: make sure
	// the cell's output has left before the reply does.
	k.iopub.flush(flushTimeout)
	k.reply(j.sock, j.msg, "execute_reply", reply)

	k.stateMu.Lock()
	k.running, k.cancel = nil, nil
	k.status(j.msg, "idle")
	k.stateMu.Unlock()
	return count
}

// userExpressions evaluates the user_expressions of a successful cell for
// an engine that does not (it left Result.UserExpressions nil): each
// expression runs as a cell whose output is discarded and which is not
// counted or stored, and its value or error is reported in the form the
// messaging spec gives.
func (k *Kernel) userExpressions(ctx context.Context, exprs map[string]string, count int) map[string]any {
	names := make([]string, 0, len(exprs))
	for name := range exprs {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make(map[string]any, len(exprs))
	for _, name := range names {
		// Not Silent: the engine would then compute no value. What the
		// expression prints is discarded instead.
		r := k.safeExecute(ctx, lang.ExecuteRequest{Code: exprs[name], ExecutionCount: count}, lang.Discard)
		if e := r.Error; e != nil {
			tb := e.Traceback
			if tb == nil {
				tb = []string{}
			}
			out[name] = map[string]any{"status": "error", "ename": e.EName, "evalue": e.EValue, "traceback": tb}
			continue
		}
		out[name] = map[string]any{"status": "ok", "data": orEmpty(r.Data), "metadata": orEmpty(r.Metadata)}
	}
	return out
}

// safeExecute calls Interpreter.Execute, turning a panic into an error.
func (k *Kernel) safeExecute(ctx context.Context, req lang.ExecuteRequest, out lang.Output) (res lang.Result) {
	defer func() {
		if r := recover(); r != nil {
			k.log.Printf("panic in Interpreter.Execute: %v\n%s", r, debug.Stack())
			res = lang.Result{Error: &lang.Error{EName: "KernelPanic", EValue: fmt.Sprint(r),
				Traceback: []string{fmt.Sprintf("KernelPanic: the engine panicked: %v", r)}}}
		}
	}()
	return k.interp.Execute(ctx, req, out)
}

func orEmptyList(l []map[string]any) []map[string]any {
	if l == nil {
		return []map[string]any{}
	}
	return l
}

// plainText returns the text/plain entry of a MIME bundle, if any.
func plainText(data map[string]any) *string {
	if s, ok := data["text/plain"].(string); ok {
		return &s
	}
	return nil
}

// cellOutput is the lang.Output of one execute_request: everything it is
// given goes to iopub with the request as parent (unless the request is
// silent), and Input goes through the stdin channel.
type cellOutput struct {
	k          *Kernel
	msg        *message
	silent     bool
	allowStdin bool
}

// Stream implements lang.Output.
func (o *cellOutput) Stream(name, text string) {
	if o.silent || text == "" {
		return
	}
	if name != "stderr" {
		name = "stdout"
	}
	o.k.iopub.stream(o.msg.rawHeader, o.msg.header.MsgID, name, text)
}

// Display implements lang.Output.
func (o *cellOutput) Display(d lang.DisplayData) {
	if o.silent {
		return
	}
	transient := map[string]any{}
	if d.DisplayID != "" {
		transient["display_id"] = d.DisplayID
	}
	content := map[string]any{"data": orEmpty(d.Data), "metadata": orEmpty(d.Metadata), "transient": transient}
	if !d.Update || d.DisplayID == "" {
		o.k.publish("display_data", o.msg, content)
		return
	}
	if err := o.k.iopub.update(o.msg.rawHeader, o.msg.header.MsgID+"\x00"+d.DisplayID, content); err != nil {
		o.k.log.Printf("iopub: update_display_data: %v", err)
	}
}

// ClearOutput implements lang.Output.
func (o *cellOutput) ClearOutput(wait bool) {
	if !o.silent {
		o.k.publish("clear_output", o.msg, map[string]any{"wait": wait})
	}
}

// Input implements lang.Output.
func (o *cellOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", lang.ErrStdinNotAllowed
	}
	return o.k.input(ctx, o.msg, prompt, password)
}
