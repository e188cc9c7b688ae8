package jupyter

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// fakeInterp is a tiny line-oriented language for testing the protocol
// layer. Each line of a cell is a command:
//
//	print TEXT     stdout "TEXT\n"          eprint TEXT   stderr "TEXT\n"
//	printn N       N lines "line i\n"        value TEXT    result text/plain TEXT
//	error MSG      fail with TestError       panic         panic
//	sleep          block until interrupted   wait GATE     block until the test opens GATE
//	input PROMPT   ask for input, print "got VALUE"
//	display ID     display_data              update ID     update_display_data
//	clear          clear_output(wait=true)   len           result: the cell's length
//	page TEXT      pager payload             goroutine     print from a goroutine
//	updates ID     10,000 updates of display ID
type fakeInterp struct {
	mu       sync.Mutex
	gates    map[string]chan struct{}
	ran      []string // cells executed, in order
	shutdown []bool   // restart flags of Shutdown calls
	// userExprs makes the fake evaluate user_expressions itself; by
	// default it leaves them to the protocol layer.
	userExprs bool
}

func newFake() *fakeInterp { return &fakeInterp{gates: map[string]chan struct{}{}} }

func (f *fakeInterp) gate(name string) chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.gates[name]
	if !ok {
		g = make(chan struct{})
		f.gates[name] = g
	}
	return g
}

// open releases every cell waiting on gate name.
func (f *fakeInterp) open(name string) { close(f.gate(name)) }

func (f *fakeInterp) cells() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ran...)
}

func (f *fakeInterp) Info() lang.Info {
	return lang.Info{
		Implementation: "fake", ImplementationVersion: "0.0.1", Banner: "fake kernel",
		Language: lang.Language{Name: "fake", Version: "1.0", MIMEType: "text/x-fake",
			FileExtension: ".fake", PygmentsLexer: "text", CodeMirrorMode: "null"},
		HelpLinks: []lang.HelpLink{{Text: "Go", URL: "https://go.dev"}},
	}
}

func (f *fakeInterp) Shutdown(restart bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shutdown = append(f.shutdown, restart)
	return nil
}

func (f *fakeInterp) Execute(ctx context.Context, req lang.ExecuteRequest, out lang.Output) lang.Result {
	f.mu.Lock()
	f.ran = append(f.ran, req.Code)
	f.mu.Unlock()
	var res lang.Result
	for _, line := range strings.Split(req.Code, "\n") {
		cmd, arg, _ := strings.Cut(line, " ")
		switch cmd {
		case "print":
			out.Stream("stdout", arg+"\n")
		case "eprint":
			out.Stream("stderr", arg+"\n")
		case "printn":
			n, _ := strconv.Atoi(arg)
			for i := range n {
				out.Stream("stdout", fmt.Sprintf("line %d\n", i))
			}
		case "value":
			if !req.Silent { // as the lang contract says: no execute_result
				res.Data = map[string]any{"text/plain": arg}
			}
		case "error":
			return lang.Result{Error: &lang.Error{EName: "TestError", EValue: arg, Traceback: []string{"TestError: " + arg}}}
		case "panic":
			panic("fake interpreter panics")
		case "sleep":
			<-ctx.Done()
			return interrupted()
		case "wait":
			select {
			case <-f.gate(arg):
			case <-ctx.Done():
				return interrupted()
			}
		case "input":
			v, err := out.Input(ctx, arg, false)
			if ctx.Err() != nil {
				return interrupted()
			}
			if err != nil {
				return lang.Result{Error: &lang.Error{EName: "InputError", EValue: err.Error()}}
			}
			out.Stream("stdout", "got "+v+"\n")
		case "display":
			out.Display(lang.DisplayData{Data: map[string]any{"text/plain": "shown " + arg}, DisplayID: arg})
		case "update":
			out.Display(lang.DisplayData{Data: map[string]any{"text/plain": "updated " + arg}, DisplayID: arg, Update: true})
		case "updates":
			for i := range 10000 {
				out.Display(lang.DisplayData{Data: map[string]any{"text/plain": fmt.Sprint("update ", i)}, DisplayID: arg, Update: true})
			}
		case "clear":
			out.ClearOutput(true)
		case "len":
			res.Data = map[string]any{"text/plain": strconv.Itoa(len(req.Code))}
		case "page":
			res.Payload = []map[string]any{{"source": "page", "data": map[string]any{"text/plain": arg}, "start": 0}}
		case "goroutine":
			done := make(chan struct{})
			go func() { out.Stream("stdout", "from a goroutine\n"); close(done) }()
			<-done
		}
	}
	if f.userExprs && req.UserExpressions != nil {
		res.UserExpressions = map[string]any{}
		for name, expr := range req.UserExpressions {
			res.UserExpressions[name] = map[string]any{"status": "ok", "data": map[string]any{"text/plain": "engine: " + expr}, "metadata": map[string]any{}}
		}
	}
	return res
}

func interrupted() lang.Result {
	return lang.Result{Error: &lang.Error{EName: "Interrupted", EValue: "interrupted by the user"}}
}

// Complete completes the word before the cursor from a fixed vocabulary.
func (f *fakeInterp) Complete(code string, cursor int) lang.Completion {
	r := []rune(code)
	start := cursor
	for start > 0 && r[start-1] != ' ' && r[start-1] != '\n' {
		start--
	}
	prefix := string(r[start:cursor])
	var m []string
	for _, w := range []string{"print", "printn", "panic", "value"} {
		if strings.HasPrefix(w, prefix) {
			m = append(m, w)
		}
	}
	return lang.Completion{Matches: m, CursorStart: start, CursorEnd: cursor}
}

// Inspect knows the word "print".
func (f *fakeInterp) Inspect(code string, cursor, detail int) lang.Inspection {
	if !strings.Contains(code, "print") {
		return lang.Inspection{}
	}
	return lang.Inspection{Found: true, Data: map[string]any{"text/plain": fmt.Sprintf("print TEXT (detail %d)", detail)}}
}

// IsComplete says a cell ending in a backslash continues.
func (f *fakeInterp) IsComplete(code string) lang.Completeness {
	switch {
	case strings.HasSuffix(code, "\\"):
		return lang.Completeness{Status: "incomplete", Indent: "  "}
	case strings.HasPrefix(code, "!"):
		return lang.Completeness{Status: "invalid"}
	}
	return lang.Completeness{Status: "complete"}
}

// bareInterp has only the required methods of lang.Interpreter.
type bareInterp struct{ f *fakeInterp }

func (b bareInterp) Info() lang.Info { return b.f.Info() }
func (b bareInterp) Execute(ctx context.Context, req lang.ExecuteRequest, out lang.Output) lang.Result {
	return b.f.Execute(ctx, req, out)
}
func (b bareInterp) Shutdown(restart bool) error { return b.f.Shutdown(restart) }
