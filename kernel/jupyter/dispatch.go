package jupyter

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/gonn-dev/gonn/kernel/jupyter/zmtp"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// dispatch handles one decoded request from shell or control. Every
// request but execute_request (which the executor brackets itself) is
// bracketed by status busy and idle, kernel_info included: clients wait
// for iopub traffic after kernel_info_reply to know iopub is connected.
func (k *Kernel) dispatch(channel string, sock *zmtp.Router, m *message) {
	if m.header.MsgType == "execute_request" && channel == "shell" {
		k.enqueueExecute(sock, m)
		return
	}
	k.busy(m)
	defer k.idle(m)
	defer func() {
		if r := recover(); r != nil {
			k.log.Printf("panic handling %s: %v\n%s", m.header.MsgType, r, debug.Stack())
			if strings.HasSuffix(m.header.MsgType, "_request") {
				k.reply(sock, m, replyType(m.header.MsgType), errorContent("KernelPanic", fmt.Sprint(r)))
			}
		}
	}()
	switch t := m.header.MsgType; t {
	case "kernel_info_request":
		k.reply(sock, m, "kernel_info_reply", k.kernelInfo())
	case "complete_request":
		k.complete(sock, m)
	case "inspect_request":
		k.inspect(sock, m)
	case "is_complete_request":
		k.isComplete(sock, m)
	case "history_request":
		k.historyRequest(sock, m)
	case "comm_info_request":
		k.reply(sock, m, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "comm_open":
		// No comm targets exist: tell the frontend the comm is closed, as
		// the spec asks of a kernel that cannot open it.
		var c struct {
			CommID string `json:"comm_id"`
		}
		if json.Unmarshal(m.content, &c) == nil && c.CommID != "" {
			k.publish("comm_close", m, map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
		}
	case "comm_msg", "comm_close":
		// Nothing to deliver them to.
	case "connect_request":
		ci := k.conn
		k.reply(sock, m, "connect_reply", map[string]any{"status": "ok",
			"shell_port": ci.ShellPort, "iopub_port": ci.IOPubPort, "stdin_port": ci.StdinPort,
			"control_port": ci.ControlPort, "hb_port": ci.HBPort})
	case "interrupt_request":
		k.Interrupt()
		k.reply(sock, m, "interrupt_reply", map[string]string{"status": "ok"})
	case "shutdown_request":
		k.shutdown(sock, m)
	case "execute_request":
		k.reply(sock, m, "execute_reply", errorContent("WrongChannel", "execute_request is only accepted on the shell channel"))
	default:
		if strings.HasSuffix(t, "_request") {
			k.reply(sock, m, replyType(t), errorContent("UnknownMessageType", fmt.Sprintf("gonn does not handle %q", t)))
		} else {
			k.log.Printf("%s: ignored a message of unknown type %q", channel, t)
		}
	}
}

// publish sends a non-status iopub message with m as its parent.
func (k *Kernel) publish(msgType string, parent *message, content any) {
	if err := k.iopub.publish(msgType, parent.rawHeader, content, false); err != nil {
		k.log.Printf("iopub: %s: %v", msgType, err)
	}
}

// decodeContent decodes a request's content, answering a malformed one
// with an error reply. It reports whether decoding succeeded.
func (k *Kernel) decodeContent(sock *zmtp.Router, m *message, v any) bool {
	if err := json.Unmarshal(m.content, v); err != nil {
		k.log.Printf("bad %s content: %v", m.header.MsgType, err)
		k.reply(sock, m, replyType(m.header.MsgType), errorContent("BadRequest", fmt.Sprintf("malformed %s content: %v", m.header.MsgType, err)))
		return false
	}
	return true
}

// kernelInfoReply is the content of kernel_info_reply.
type kernelInfoReply struct {
	Status                string          `json:"status"`
	ProtocolVersion       string          `json:"protocol_version"`
	Implementation        string          `json:"implementation"`
	ImplementationVersion string          `json:"implementation_version"`
	LanguageInfo          languageInfo    `json:"language_info"`
	Banner                string          `json:"banner"`
	HelpLinks             []lang.HelpLink `json:"help_links"`
	Debugger              bool            `json:"debugger"`
}

type languageInfo struct {
	Name              string `json:"name"`
	Version           string `json:"version"`
	MIMEType          string `json:"mimetype"`
	FileExtension     string `json:"file_extension"`
	PygmentsLexer     string `json:"pygments_lexer"`
	CodeMirrorMode    string `json:"codemirror_mode"`
	NBConvertExporter string `json:"nbconvert_exporter,omitempty"`
}

func (k *Kernel) kernelInfo() kernelInfoReply {
	info := k.interp.Info()
	l := info.Language
	links := info.HelpLinks
	if links == nil {
		links = []lang.HelpLink{}
	}
	return kernelInfoReply{
		Status:                "ok",
		ProtocolVersion:       ProtocolVersion,
		Implementation:        info.Implementation,
		ImplementationVersion: info.ImplementationVersion,
		LanguageInfo: languageInfo{
			Name: l.Name, Version: l.Version, MIMEType: l.MIMEType, FileExtension: l.FileExtension,
			PygmentsLexer: l.PygmentsLexer, CodeMirrorMode: l.CodeMirrorMode, NBConvertExporter: l.NBConvertExporter,
		},
		Banner:    info.Banner,
		HelpLinks: links,
	}
}

func (k *Kernel) complete(sock *zmtp.Router, m *message) {
	var req struct {
		Code      string `json:"code"`
		CursorPos *int   `json:"cursor_pos"`
	}
	if !k.decodeContent(sock, m, &req) {
		return
	}
	cursor := clampCursor(req.Code, req.CursorPos)
	c := lang.Completion{CursorStart: cursor, CursorEnd: cursor}
	if cp, ok := k.interp.(lang.Completer); ok {
		c = cp.Complete(req.Code, cursor)
	}
	if c.Matches == nil {
		c.Matches = []string{}
	}
	k.reply(sock, m, "complete_reply", map[string]any{
		"status": "ok", "matches": c.Matches, "cursor_start": c.CursorStart, "cursor_end": c.CursorEnd,
		"metadata": orEmpty(c.Metadata),
	})
}

func (k *Kernel) inspect(sock *zmtp.Router, m *message) {
	var req struct {
		Code        string `json:"code"`
		CursorPos   *int   `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	if !k.decodeContent(sock, m, &req) {
		return
	}
	var in lang.Inspection
	if ip, ok := k.interp.(lang.Inspector); ok {
		in = ip.Inspect(req.Code, clampCursor(req.Code, req.CursorPos), req.DetailLevel)
	}
	k.reply(sock, m, "inspect_reply", map[string]any{
		"status": "ok", "found": in.Found, "data": orEmpty(in.Data), "metadata": orEmpty(in.Metadata),
	})
}

func (k *Kernel) isComplete(sock *zmtp.Router, m *message) {
	var req struct {
		Code string `json:"code"`
	}
	if !k.decodeContent(sock, m, &req) {
		return
	}
	c := lang.Completeness{Status: "unknown"}
	if cc, ok := k.interp.(lang.CompletenessChecker); ok {
		c = cc.IsComplete(req.Code)
	}
	content := map[string]any{"status": c.Status}
	if c.Status == "incomplete" {
		content["indent"] = c.Indent
	}
	k.reply(sock, m, "is_complete_reply", content)
}

// clampCursor returns the cursor position in code points, defaulting to
// the end of code and clamped to it, as clients may send nonsense.
func clampCursor(code string, pos *int) int {
	n := len([]rune(code))
	if pos == nil || *pos > n {
		return n
	}
	return max(*pos, 0)
}

// orEmpty makes a nil map encode as {} rather than null.
func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

func (k *Kernel) shutdown(sock *zmtp.Router, m *message) {
	var req struct {
		Restart bool `json:"restart"`
	}
	if !k.decodeContent(sock, m, &req) {
		return
	}
	k.Interrupt()
	content := map[string]any{"status": "ok", "restart": req.Restart}
	k.reply(sock, m, "shutdown_reply", content)
	// Other clients learn of the shutdown on iopub.
	k.publish("shutdown_reply", m, content)
	k.requestStop(req.Restart)
}
