package jupyter

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gonn-dev/gonn/kernel/jupyter/zmtp"
)

// History is kept by the protocol layer: it is the same for every
// language. Each kernel start is a new session, numbered after the last
// one in the history file; lines are execution counts.

// maxHistoryInput is the largest cell kept in the history; larger cells
// (data pasted into a cell, say) are not recorded.
const maxHistoryInput = 1 << 20

// historyKeep is how many entries a compaction of the history file keeps;
// compaction happens at start-up when the file holds twice as many.
const historyKeep = 10000

// historyEntry is one executed cell, and one line of the history file.
// A record without Input carries the Output of an earlier record; a record
// with Start marks the start of a session.
type historyEntry struct {
	Session int     `json:"session"`
	Line    int     `json:"line,omitempty"`
	Input   *string `json:"input,omitempty"`
	Output  *string `json:"output,omitempty"`
	Start   string  `json:"start,omitempty"`
}

// history is the execution history of this and earlier sessions.
type history struct {
	mu      sync.Mutex
	path    string   // "" for memory only
	file    *os.File // open for appending
	log     *log.Logger
	session int
	entries []historyEntry // cells of all sessions, oldest first
}

// openHistory loads the history file at path (creating it and its
// directory if needed) and starts a new session in it. With path "", the
// history lives in memory only. A history file that cannot be used is
// reported; unreadable lines in it are skipped with a log line.
func openHistory(path string, logger *log.Logger) (*history, error) {
	h := &history{path: path, log: logger, session: 1}
	if path == "" {
		return h, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if err := h.reopen(); err != nil {
		return nil, err
	}
	unlock, err := lockFile(h.file)
	if err != nil {
		return nil, fmt.Errorf("history: locking %s: %w", path, err)
	}
	defer unlock()
	last, err := h.load()
	if err != nil {
		return nil, err
	}
	h.session = last + 1
	if len(h.entries) > 2*historyKeep {
		h.entries = h.entries[len(h.entries)-historyKeep:]
		if err := h.rewrite(); err != nil {
			h.log.Printf("history: compacting %s: %v", path, err)
		}
	}
	h.appendLocked(historyEntry{Session: h.session, Start: time.Now().UTC().Format(time.RFC3339)})
	return h, nil
}

func (h *history) reopen() error {
	if h.file != nil {
		_ = h.file.Close()
	}
	f, err := os.OpenFile(h.path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	h.file = f
	return nil
}

// load reads the whole file and returns the highest session number in it.
func (h *history) load() (int, error) {
	if _, err := h.file.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("history: %w", err)
	}
	r := bufio.NewReader(h.file)
	last, lineNo := 0, 0
	index := map[[2]int]int{}
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			lineNo++
			var e historyEntry
			if jerr := json.Unmarshal(line, &e); jerr != nil || e.Session <= 0 {
				h.log.Printf("history: %s line %d is not a history record; skipped", h.path, lineNo)
			} else {
				last = max(last, e.Session)
				key := [2]int{e.Session, e.Line}
				switch {
				case e.Input != nil:
					index[key] = len(h.entries)
					h.entries = append(h.entries, e)
				case e.Output != nil:
					if i, ok := index[key]; ok {
						h.entries[i].Output = e.Output
					}
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return last, nil
		}
		if err != nil {
			return 0, fmt.Errorf("history: reading %s: %w", h.path, err)
		}
	}
}

// rewrite replaces the file with the entries in memory.
func (h *history) rewrite() error {
	tmp := h.path + ".tmp"
	var buf bytes.Buffer
	for _, e := range h.entries {
		line, _ := json.Marshal(e)
		buf.Write(append(line, '\n'))
	}
	if err := os.WriteFile(tmp, buf.Bytes(), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, h.path); err != nil {
		return err
	}
	return h.reopen()
}

// append writes one record to the file under the file lock, following the
// file if another kernel compacted it meanwhile.
func (h *history) append(e historyEntry) {
	if h.file == nil {
		return
	}
	for range 2 {
		unlock, err := lockFile(h.file)
		if err != nil {
			h.log.Printf("history: %v", err)
			return
		}
		cur, err := os.Stat(h.path)
		if err == nil && sameFile(cur, h.file) {
			h.appendLocked(e)
			unlock()
			return
		}
		unlock()
		if err := h.reopen(); err != nil {
			h.log.Printf("history: %v", err)
			return
		}
	}
	h.log.Printf("history: %s keeps being replaced; a record was not saved", h.path)
}

func (h *history) appendLocked(e historyEntry) {
	line, err := json.Marshal(e)
	if err != nil {
		h.log.Printf("history: %v", err)
		return
	}
	if _, err := h.file.Write(append(line, '\n')); err != nil {
		h.log.Printf("history: writing %s: %v", h.path, err)
	}
}

func sameFile(fi os.FileInfo, f *os.File) bool {
	fi2, err := f.Stat()
	return err == nil && os.SameFile(fi, fi2)
}

// add records the input of a cell of this session, unless it is larger
// than maxHistoryInput.
func (h *history) add(line int, input string) {
	if len(input) > maxHistoryInput {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	e := historyEntry{Session: h.session, Line: line, Input: &input}
	h.entries = append(h.entries, e)
	if len(h.entries) > 2*historyKeep {
		h.entries = append([]historyEntry(nil), h.entries[len(h.entries)-historyKeep:]...)
	}
	h.append(e)
}

// setOutput records the text/plain result of a cell of this session.
func (h *history) setOutput(line int, output *string) {
	if output == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := len(h.entries) - 1; i >= 0; i-- {
		if e := &h.entries[i]; e.Session == h.session && e.Line == line {
			e.Output = output
			h.append(historyEntry{Session: h.session, Line: line, Output: output})
			return
		}
	}
}

func (h *history) close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.file == nil {
		return nil
	}
	err := h.file.Close()
	h.file = nil
	return err
}

// historyRequest is the content of history_request.
type historyRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           *int   `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// query answers a history request: a list of (session, line, input)
// triples, or (session, line, (input, output)) with output set, oldest
// first. Access types:
//
//   - "tail": the last n cells (default 10) of all sessions;
//   - "range": lines start ≤ line < stop of one session (0 is the current
//     one, negative numbers count back from it; no stop means to the end);
//   - "search": cells whose input matches the glob pattern (* ? [...]),
//     at most the last n, and with unique only the latest of equal inputs.
func (h *history) query(r historyRequest) ([]any, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var picked []historyEntry
	switch r.HistAccessType {
	case "tail":
		n := 10
		if r.N != nil {
			n = *r.N
		}
		picked = lastN(h.entries, n)
	case "range":
		s := r.Session
		if s <= 0 {
			s += h.session
		}
		for _, e := range h.entries {
			if e.Session == s && e.Line >= r.Start && (r.Stop == nil || e.Line < *r.Stop) {
				picked = append(picked, e)
			}
		}
	case "search":
		pattern := r.Pattern
		if pattern == "" {
			pattern = "*"
		}
		seen := map[string]bool{}
		for i := len(h.entries) - 1; i >= 0; i-- {
			e := h.entries[i]
			if !globMatch(pattern, *e.Input) || (r.Unique && seen[*e.Input]) {
				continue
			}
			seen[*e.Input] = true
			picked = append(picked, e)
			if r.N != nil && *r.N > 0 && len(picked) == *r.N {
				break
			}
		}
		for i, j := 0, len(picked)-1; i < j; i, j = i+1, j-1 {
			picked[i], picked[j] = picked[j], picked[i]
		}
	default:
		return nil, fmt.Errorf("hist_access_type %q is not tail, range or search", r.HistAccessType)
	}
	out := make([]any, len(picked))
	for i, e := range picked {
		var in any = *e.Input
		if r.Output {
			in = []any{*e.Input, e.Output}
		}
		out[i] = []any{e.Session, e.Line, in}
	}
	return out, nil
}

func lastN(entries []historyEntry, n int) []historyEntry {
	if n < 0 {
		n = 0
	}
	if n > len(entries) {
		n = len(entries)
	}
	return entries[len(entries)-n:]
}

// globMatch reports whether s matches pattern with the rules of SQLite's
// GLOB, which IPython's history search uses: * matches any run of
// characters, ? any one character, [abc] and [a-z] a set ([^...] its
// complement); matching is case-sensitive and spans the whole input.
func globMatch(pattern, s string) bool {
	p, str := []rune(pattern), []rune(s)
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(str) {
		if pi < len(p) {
			switch p[pi] {
			case '*':
				starP, starS = pi, si
				pi++
				continue
			case '?':
				pi++
				si++
				continue
			case '[':
				if ok, next := matchClass(p, pi, str[si]); next > 0 {
					if ok {
						pi, si = next, si+1
						continue
					}
				} else if str[si] == '[' { // an unterminated [ matches itself
					pi++
					si++
					continue
				}
			default:
				if p[pi] == str[si] {
					pi++
					si++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		starS++
		pi, si = starP+1, starS
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// matchClass matches c against the class starting at p[i] == '['. It
// returns whether c is in the class and the index after the class, or
// next == 0 if the class is not terminated.
func matchClass(p []rune, i int, c rune) (ok bool, next int) {
	j := i + 1
	negate := j < len(p) && p[j] == '^'
	if negate {
		j++
	}
	first := true
	for ; j < len(p); j++ {
		if p[j] == ']' && !first {
			return ok != negate, j + 1
		}
		first = false
		if j+2 < len(p) && p[j+1] == '-' && p[j+2] != ']' {
			if p[j] <= c && c <= p[j+2] {
				ok = true
			}
			j += 2
			continue
		}
		if p[j] == c {
			ok = true
		}
	}
	return false, 0
}

// historyRequest answers history_request.
func (k *Kernel) historyRequest(sock *zmtp.Router, m *message) {
	var req historyRequest
	if !k.decodeContent(sock, m, &req) {
		return
	}
	entries, err := k.history.query(req)
	if err != nil {
		k.reply(sock, m, "history_reply", errorContent("BadRequest", err.Error()))
		return
	}
	k.reply(sock, m, "history_reply", map[string]any{"status": "ok", "history": entries})
}
