// Package lang is the contract between gonn's Jupyter protocol layer and a
// language engine.
//
// The protocol layer (package kernel/jupyter) knows messages, sockets and
// signatures but no Go; an engine (package kernel/engine) knows Go but no
// ZeroMQ. They meet here, the way xeus separates its interpreter from its
// server: the protocol layer calls an Interpreter, and the Interpreter talks
// back through an Output while a cell runs. The headless notebook runner
// implements Output too, so the same engine serves Jupyter and `gonn run`.
//
// Only Execute is required. An engine that can complete, inspect or judge
// whether code is complete implements the optional interfaces Completer,
// Inspector and CompletenessChecker; the protocol layer asks with a type
// assertion and gives a well-formed empty answer otherwise.
package lang

import (
	"context"
	"errors"
)

// Interpreter runs cells of one language for one kernel session.
//
// The protocol layer calls Execute from one goroutine at a time; it never
// runs two cells at once. Other methods (Info and the optional interfaces)
// may be called concurrently with a running Execute and must not block on it.
type Interpreter interface {
	// Info describes the language and implementation for kernel_info_reply.
	Info() Info

	// Execute runs one cell. ctx is cancelled when the user interrupts
	// (interrupt_request or SIGINT); Execute then returns promptly with a
	// Result whose Error has EName "Interrupted" (or an error the cell
	// itself produced). While the cell runs, its output goes through out.
	// Execute reports failures of the cell in Result.Error and never panics.
	Execute(ctx context.Context, req ExecuteRequest, out Output) Result

	// Shutdown releases the interpreter's resources. restart reports
	// whether the client asked for a restart (the process will be
	// restarted by the client; the interpreter need not do it itself).
	Shutdown(restart bool) error
}

// Info is the language part of kernel_info_reply.
type Info struct {
	Implementation        string     // e.g. "gonn"
	ImplementationVersion string     // e.g. "0.1.0"
	Banner                string     // shown by consoles at start-up
	Language              Language   // language_info
	HelpLinks             []HelpLink // help_links
}

// Language is language_info in kernel_info_reply.
type Language struct {
	Name              string // "go"
	Version           string // the Go version the engine emulates
	MIMEType          string // "text/x-go"
	FileExtension     string // ".go"
	PygmentsLexer     string // "go"
	CodeMirrorMode    string // "go"
	NBConvertExporter string // optional, "" to omit
}

// HelpLink is one entry of help_links in kernel_info_reply.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// ExecuteRequest is the content of an execute_request, plus what the
// protocol layer knows about the session.
type ExecuteRequest struct {
	Code         string
	Silent       bool // no output, no execute_result, count not incremented
	StoreHistory bool
	AllowStdin   bool // whether Output.Input may be used
	StopOnError  bool
	// ExecutionCount is the count this cell will be reported with
	// (already incremented by the protocol layer when it applies).
	ExecutionCount int
	// UserExpressions maps names to expressions evaluated after the cell;
	// engines that do not support them leave Result.UserExpressions nil.
	UserExpressions map[string]string
}

// Result is the outcome of one Execute.
type Result struct {
	// Data is the MIME bundle of the cell's value (execute_result);
	// nil when the cell has no value to show.
	Data     map[string]any
	Metadata map[string]any
	// Error is set when the cell failed; Data is then normally nil.
	Error *Error
	// Payload entries for execute_reply, e.g. {"source":"page",
	// "data":{"text/plain":"..."}, "start":0} for the pager.
	Payload []map[string]any
	// UserExpressions holds one MIME bundle (or error dict) per requested
	// user expression, in the format of the messaging spec.
	UserExpressions map[string]any
}

// Error is an error message (iopub "error" and the error execute_reply).
type Error struct {
	EName     string   // e.g. "CompileError", "panic", "Interrupted"
	EValue    string   // one-line description, with the cell's line:column
	Traceback []string // lines shown to the user (may contain ANSI colour)
}

func (e *Error) Error() string { return e.EName + ": " + e.EValue }

// Output is how a running cell talks to the client. Implementations are
// safe for concurrent use: output may come from goroutines the cell
// started, and from the engine's capture of file descriptors 1 and 2.
type Output interface {
	// Stream sends text written to "stdout" or "stderr". Callers need not
	// coalesce: the implementation batches small writes.
	Stream(name, text string)
	// Display shows a MIME bundle (display_data), or, when d.Update is
	// set, replaces the output previously shown with d.DisplayID
	// (update_display_data).
	Display(d DisplayData)
	// ClearOutput clears the cell's output area; with wait, it clears
	// only when new output arrives (clear_output).
	ClearOutput(wait bool)
	// Input asks the user for one line of text (input_request on the stdin
	// channel) and returns it without the newline. It returns
	// ErrStdinNotAllowed when the client does not allow stdin.
	Input(ctx context.Context, prompt string, password bool) (string, error)
}

// DisplayData is the content of display_data / update_display_data.
type DisplayData struct {
	Data      map[string]any // MIME type -> content ("image/png" is base64 text)
	Metadata  map[string]any // e.g. {"image/png": {"width": 640}}
	DisplayID string         // transient.display_id; "" for none
	Update    bool           // send update_display_data (DisplayID required)
}

// ErrStdinNotAllowed is returned by Output.Input when the client sent
// allow_stdin false, as non-interactive clients such as nbclient do.
var ErrStdinNotAllowed = errors.New("this client does not accept input (allow_stdin is false)")

// Completer is implemented by engines that answer complete_request.
// cursor counts Unicode code points, as the messaging spec says.
type Completer interface {
	Complete(code string, cursor int) Completion
}

// Completion is the content of complete_reply. CursorStart and CursorEnd
// count Unicode code points.
type Completion struct {
	Matches     []string
	CursorStart int
	CursorEnd   int
	Metadata    map[string]any
}

// Inspector is implemented by engines that answer inspect_request.
type Inspector interface {
	Inspect(code string, cursor, detailLevel int) Inspection
}

// Inspection is the content of inspect_reply; Found false means nothing
// is known about the name under the cursor.
type Inspection struct {
	Found    bool
	Data     map[string]any
	Metadata map[string]any
}

// CompletenessChecker is implemented by engines that answer
// is_complete_request.
type CompletenessChecker interface {
	IsComplete(code string) Completeness
}

// Completeness is the content of is_complete_reply. Status is one of
// "complete", "incomplete", "invalid" or "unknown"; Indent is set only
// for "incomplete".
type Completeness struct {
	Status string
	Indent string
}

// Discard is an Output that shows nothing and refuses input: the output of
// silent cells and of user expressions.
var Discard Output = discard{}

type discard struct{}

func (discard) Stream(string, string) {}
func (discard) Display(DisplayData)   {}
func (discard) ClearOutput(bool)      {}
func (discard) Input(context.Context, string, bool) (string, error) {
	return "", ErrStdinNotAllowed
}
