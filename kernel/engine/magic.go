package engine

import (
	"context"
	"fmt"
	"go/token"
	"slices"
	"strings"
	"unicode"

	"github.com/gonn-dev/gonn/kernel/assist"
	"github.com/gonn-dev/gonn/kernel/lang"
)

// Magics. A line of a cell that starts with % is a line magic, one that
// starts with ! a shell command, and a name followed (or preceded) by ? or
// ?? a help query, wherever a Go statement could start (package assist's
// MagicLines decides, so that is_complete and the engine agree). They may
// be mixed with Go lines: the cell runs from top to bottom, Go lines
// between magic lines as one piece, so `x := 1`, `%who`, `x + 1` shows x
// in the listing and 2 as the result. Magic lines are blanked in the Go
// the interpreter sees, so errors keep the cell's own line and column.
// A cell magic (%%time) must be the cell's first line.

// part is one part of a cell with magics: a run of Go lines, or one
// magic line.
type part struct {
	kind        partKind
	first, last int    // the part's lines in the cell, counting from 0
	name        string // the magic's name ("time"); the name a help query asks about
	args        string // the rest of a magic line; the shell command
	detail      int    // of a help query: 0 for name?, 1 for name??
}

// partKind says what a part is.
type partKind int

const (
	partGo    partKind = iota // Go lines
	partMagic                 // %name args
	partShell                 // !command
	partHelp                  // name?, name??
)

// magicRun is the running of one cell that has magics.
type magicRun struct {
	e     *Engine
	c     *cellRun
	lines []string          // the cell's lines, with their line breaks
	pages []lang.Inspection // what the cell shows in the pager, in order
}

// runInput runs a cell: through the Go pipeline alone when it has no magic
// lines, part by part otherwise. It returns the execute_reply payload.
func (e *Engine) runInput(ctx context.Context, c *cellRun, code string) ([]map[string]any, error) {
	if !strings.ContainsAny(code, "%!?") {
		return nil, e.runCell(ctx, c, code)
	}
	r := &magicRun{e: e, c: c, lines: strings.SplitAfter(code, "\n")}
	if cell, args, ok := cellMagic(r.lines[0]); ok {
		err := r.runCellMagic(ctx, cell, args)
		return r.payload(), err
	}
	parts, err := r.plan(0)
	if err != nil {
		return nil, err
	}
	if len(parts) == 1 && parts[0].kind == partGo {
		return nil, e.runCell(ctx, c, code)
	}
	err = r.run(ctx, parts)
	return r.payload(), err
}

// cellMagic reports whether line starts a cell magic (%%name args).
func cellMagic(line string) (name, args string, ok bool) {
	t, ok := strings.CutPrefix(strings.TrimSpace(line), "%%")
	if !ok {
		return "", "", false
	}
	name, args = splitWord(t)
	return name, args, true
}

// splitWord cuts s at its first white space.
func splitWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// plan cuts the cell's lines from line from on into parts.
func (r *magicRun) plan(from int) ([]part, error) {
	body := strings.Join(r.lines[from:], "")
	magic := assist.MagicLines(body)
	var parts []part
	goFrom := -1 // first line of the Go part being gathered
	endGo := func(before int) {
		if goFrom >= 0 && strings.TrimSpace(strings.Join(r.lines[goFrom:before], "")) != "" {
			parts = append(parts, part{kind: partGo, first: goFrom, last: before - 1})
		}
		goFrom = -1
	}
	for i := from; i < len(r.lines); i++ {
		if _, isMagic := slices.BinarySearch(magic, i-from); !isMagic {
			if goFrom < 0 {
				goFrom = i
			}
			continue
		}
		endGo(i)
		s, err := r.parseMagicLine(i)
		if err != nil {
			return nil, err
		}
		parts = append(parts, s)
		i = s.last
	}
	endGo(len(r.lines))
	return parts, nil
}

// parseMagicLine reads the magic line i into a part.
func (r *magicRun) parseMagicLine(i int) (part, error) {
	t := strings.TrimSpace(r.lines[i])
	s := part{first: i, last: i}
	switch {
	case strings.HasPrefix(t, "%%"):
		name, _ := splitWord(t[2:])
		return s, usageError(fmt.Sprintf("%%%%%s on line %d: a cell magic must be the first line of the cell", name, i+1))
	case t[0] == '%':
		s.kind = partMagic
		s.name, s.args = splitWord(t[1:])
		if s.name == "time" {
			s.last = r.statementEnd(i, s.args)
		}
	case t[0] == '!':
		s.kind, s.args = partShell, strings.TrimSpace(t[1:])
	default:
		name := strings.Trim(t, "?")
		marks := max(len(t)-len(strings.TrimLeft(t, "?")), len(t)-len(strings.TrimRight(t, "?")))
		s.kind, s.name, s.detail = partHelp, name, min(marks-1, 1)
	}
	return s, nil
}

// statementEnd returns the last line of the Go statement that starts with
// stmt on line i: the statement goes on over the next lines while its
// brackets are open or its last token calls for more.
func (r *magicRun) statementEnd(i int, stmt string) int {
	last := i
	for last+1 < len(r.lines) && assist.IsComplete(stmt).Status == assist.StatusIncomplete {
		last++
		stmt += "\n" + r.lines[last]
	}
	return last
}

// run runs the parts in order; the first failure stops the cell. Only the
// value of the cell's last part is shown.
func (r *magicRun) run(ctx context.Context, parts []part) error {
	for i, s := range parts {
		if ctx.Err() != nil {
			return interrupted{}
		}
		if err := r.runPart(ctx, s); err != nil {
			return err
		}
		if i < len(parts)-1 {
			r.c.mu.Lock()
			r.c.shown, r.c.show = nil, false
			r.c.mu.Unlock()
		}
	}
	return nil
}

// runPart runs one part.
func (r *magicRun) runPart(ctx context.Context, s part) error {
	switch s.kind {
	case partGo:
		return r.runGo(ctx, r.goLines(s.first, s.last))
	case partShell:
		return r.e.runShell(ctx, s.args)
	case partHelp:
		return r.help(s.name, s.detail)
	}
	if name, ok := strings.CutSuffix(s.name, "?"); ok { // %time? is %help time
		return r.magicHelp(strings.TrimRight(name, "?"))
	}
	m, ok := lineMagics()[s.name]
	if !ok {
		return usageError(fmt.Sprintf("unknown magic %%%s; the magics are %s (%%help explains them)", s.name, magicNames()))
	}
	return m.run(r, ctx, s)
}

// goLines returns lines first to last of the cell as Go source whose lines
// keep their numbers in the cell.
func (r *magicRun) goLines(first, last int) string {
	return strings.Repeat("\n", first) + strings.Join(r.lines[first:last+1], "")
}

// runGo runs Go source laid out like the cell (see goLines) through the
// pipeline.
func (r *magicRun) runGo(ctx context.Context, code string) error {
	r.c.main = token.NoPos // a func main declared by an earlier part ran already
	return r.e.runCell(ctx, r.c, code)
}

// runCellMagic runs a cell whose first line is a cell magic.
func (r *magicRun) runCellMagic(ctx context.Context, name, args string) error {
	if strings.HasSuffix(name, "?") {
		return r.magicHelp(strings.TrimRight(name, "?"))
	}
	if name != "time" {
		return usageError(fmt.Sprintf("unknown cell magic %%%%%s; the cell magic is %%%%time (%%help explains the magics)", name))
	}
	if args != "" {
		return usageError("%%time takes no arguments: the lines after it are the code it times")
	}
	parts, err := r.plan(1)
	if err != nil {
		return err
	}
	return r.timed(func() error { return r.run(ctx, parts) })
}

// usageError is the error of a magic used wrongly.
func usageError(msg string) *lang.Error {
	return &lang.Error{EName: "UsageError", EValue: msg, Traceback: []string{red("UsageError") + ": " + msg}}
}

// magic is a line magic.
type magic struct {
	usage   string // "%env [NAME[=VALUE]]"
	summary string // one line
	doc     string // more, for %help NAME
	run     func(r *magicRun, ctx context.Context, s part) error
}

// lineMagics returns the line magics by name.
func lineMagics() map[string]magic {
	return map[string]magic{
		"help": {
			usage:   "%help [MAGIC]",
			summary: "this help; with a name, the help of one magic (also %time? or %%time?)",
			run:     func(r *magicRun, _ context.Context, s part) error { return r.magicHelp(s.args) },
		},
		"time": {
			usage:   "%time STATEMENT",
			summary: "runs one Go statement and prints its wall time and CPU time after its output",
			doc: "The statement may go on over the next lines while its brackets are open. " +
				"When it is the last line of the cell, its value is the cell's result. " +
				"CPU time is the whole process's, commands run with ! included: more CPU than wall time means several cores worked.",
			run: (*magicRun).timeStatement,
		},
		"env": {
			usage:   "%env [NAME[=VALUE]]",
			summary: "lists the environment variables, shows one, or sets one",
			doc: "The variables are the kernel process's: os.Getenv in cells and commands run with ! see them. " +
				"The listing hides the values of names that look secret (KEY, TOKEN, SECRET, PASSWORD); %env NAME shows one. " +
				"%env NAME VALUE sets too.",
			run: (*magicRun).env,
		},
		"who": {
			usage:   "%who [PATTERN ...]",
			summary: "lists the names cells defined, with their kinds and types",
			doc:     "Patterns are shell patterns: %who m* lists the names that start with m.",
			run:     (*magicRun).who,
		},
		"ls": {
			usage:   "%ls [PATTERN ...]",
			summary: "lists the definitions cells made, by the cell that made them (methods included)",
			doc:     "Patterns are shell patterns, as for %who.",
			run:     (*magicRun).ls,
		},
		"rm": {
			usage:   "%rm NAME ...",
			summary: "forgets definitions: later cells cannot use the names until they define them again",
			doc: "A variable's value is dropped so that its memory can be freed; functions defined earlier " +
				"that use a forgotten name still work. Nothing is forgotten if one of the names is unknown.",
			run: (*magicRun).rm,
		},
		"reset": {
			usage:   "%reset",
			summary: "starts a fresh interpreter: every definition, value and import is gone, the preloaded packages are back",
			doc:     "Goroutines that cells started keep running until they end. Restarting the kernel does the same and more.",
			run:     (*magicRun).reset,
		},
	}
}

// magicNames lists the magics for messages.
func magicNames() string {
	var names []string
	for name := range lineMagics() {
		names = append(names, "%"+name)
	}
	slices.Sort(names)
	return strings.Join(names, ", ") + " and the cell magic %%time"
}

// noArgs fails when a magic that takes no arguments got some.
func noArgs(s part) error {
	if s.args != "" {
		return usageError(fmt.Sprintf("%%%s takes no arguments (got %q)", s.name, s.args))
	}
	return nil
}
