package engine

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gonn-dev/gonn/kernel/assist"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// Completion and inspection on magic lines: after % the magics' names,
// after %env a variable's, after %rm, %who and %ls the names cells
// defined, after ! a file name; Shift+Tab on a magic shows its help.
// %time's statement is Go, left to package assist.

// magicLineAt returns the magic line that holds byte offset off of code:
// its text up to off, and where that text starts.
func magicLineAt(code string, off int) (before string, start int, ok bool) {
	start = strings.LastIndexByte(code[:off], '\n') + 1
	line := strings.Count(code[:start], "\n")
	if _, isMagic := slices.BinarySearch(assist.MagicLines(code), line); !isMagic {
		return "", 0, false
	}
	return code[start:off], start, true
}

// completeMagic completes on a magic line; ok is false elsewhere, and for
// %time's Go statement.
func (e *Engine) completeMagic(code string, cursor int) (c lang.Completion, ok bool) {
	defer func() {
		if recover() != nil { // a bug here must not take the kernel down
			c, ok = lang.Completion{}, false
		}
	}()
	off := assist.ByteOffset(code, cursor)
	before, start, ok := magicLineAt(code, off)
	if !ok {
		return lang.Completion{}, false
	}
	trimmed := strings.TrimLeft(before, " \t")
	start += len(before) - len(trimmed)
	var cands []string
	wordStart := off
	switch {
	case strings.HasPrefix(trimmed, "!"):
		word := trimmed[strings.LastIndexAny(trimmed, " \t!")+1:]
		wordStart = off - len(word)
		cands = fileNames(word)
	case !strings.HasPrefix(trimmed, "%"):
		return lang.Completion{}, false
	case !strings.ContainsAny(trimmed, " \t"): // the magic's name
		wordStart = start
		if start == 0 || strings.TrimSpace(code[:start]) == "" {
			cands = append(cands, "%%time")
		}
		for name := range lineMagics() {
			cands = append(cands, "%"+name)
		}
	default:
		name, _ := splitWord(trimmed[1:])
		word := trimmed[strings.LastIndexAny(trimmed, " \t=")+1:]
		wordStart = off - len(word)
		switch name {
		case "env":
			for _, kv := range os.Environ() {
				n, _, _ := strings.Cut(kv, "=")
				cands = append(cands, n)
			}
		case "rm", "who", "ls":
			for _, s := range (scope{e}).Names() {
				if s.Recv == "" {
					cands = append(cands, s.Name)
				}
			}
		case "help":
			for name := range lineMagics() {
				cands = append(cands, name)
			}
		default:
			return lang.Completion{}, false
		}
	}
	word := code[wordStart:off]
	matches := []string{} // a JSON list, never null
	for _, c := range cands {
		if strings.HasPrefix(c, word) && !slices.Contains(matches, c) {
			matches = append(matches, c)
		}
	}
	slices.Sort(matches)
	return lang.Completion{
		Matches:     matches,
		CursorStart: assist.CodePoints(code, wordStart),
		CursorEnd:   cursor,
		Metadata:    map[string]any{},
	}, true
}

// maxFileMatches bounds the file names offered after !.
const maxFileMatches = 200

// fileNames returns the files whose names start with prefix (a path,
// relative to the working directory or absolute), directories with a
// slash.
func fileNames(prefix string) []string {
	dir, base := filepath.Split(prefix)
	entries, err := os.ReadDir(cmpOr(dir, "."))
	if err != nil {
		return nil
	}
	var names []string
	for _, ent := range entries {
		n := ent.Name()
		if !strings.HasPrefix(n, base) || (strings.HasPrefix(n, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		if ent.IsDir() {
			n += "/"
		}
		names = append(names, dir+n)
		if len(names) == maxFileMatches {
			break
		}
	}
	return names
}

// cmpOr returns s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// inspectMagic describes the magic under the cursor: its help, as %help
// MAGIC pages it; on a help query, what it asks about. In %time's
// statement, inspection is left to package assist.
func (e *Engine) inspectMagic(code string, cursor int) (in lang.Inspection, ok bool) {
	defer func() {
		if recover() != nil { // a bug here must not take the kernel down
			in, ok = lang.Inspection{}, false
		}
	}()
	off := assist.ByteOffset(code, cursor)
	end := len(code)
	if i := strings.IndexByte(code[off:], '\n'); i >= 0 {
		end = off + i
	}
	line, start, ok := magicLineAt(code, end)
	trimmed := strings.TrimLeft(line, " \t")
	if !ok || trimmed == "" {
		return lang.Inspection{}, false
	}
	switch trimmed[0] {
	case '!':
		return shellPage(), true
	case '%':
	default: // a help query: what it asks about
		name := strings.Trim(strings.TrimSpace(trimmed), "?")
		in := e.assist.Inspect(name, utf8.RuneCountInString(name), 0)
		return in, in.Found
	}
	afterMarks := strings.TrimLeft(trimmed, "%")
	name, _ := splitWord(afterMarks)
	nameEnd := start + len(line) - len(trimmed) + len(trimmed) - len(afterMarks) + len(name)
	if name == "time" && off > nameEnd {
		return lang.Inspection{}, false
	}
	r := &magicRun{e: e}
	if err := r.magicHelp(strings.TrimRight(name, "?")); err != nil {
		return lang.Inspection{}, false
	}
	return r.pages[0], true
}
