package engine

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gonn-dev/gonn/kernel/lang"
)

// The pager. %help and help queries (fmt.Println?, f?? for the source of
// a function a cell defined) answer with an execute_reply payload that
// Jupyter shows in its pager (JupyterLab: under the cell; jupyter console:
// in the terminal). The content of a help query is the engine's Inspect,
// as for Shift+Tab. All pages a cell asks for go into one payload.

// help pages the documentation of name; detail 1 adds the source of what
// cells defined.
func (r *magicRun) help(name string, detail int) error {
	in := r.e.Inspect(name, utf8.RuneCountInString(name), detail)
	if !in.Found {
		msg := fmt.Sprintf("no documentation for %s: it is not a package, a name in one, or a name a cell defined", name)
		return &lang.Error{EName: "NameError", EValue: msg, Traceback: []string{red("NameError") + ": " + msg}}
	}
	r.pages = append(r.pages, in)
	return nil
}

// magicHelp pages the help of the magics, or of one of them.
func (r *magicRun) magicHelp(name string) error {
	name = strings.TrimLeft(strings.TrimSpace(name), "%!")
	if name == "" {
		r.pages = append(r.pages, helpPage())
		return nil
	}
	if name == "time" {
		r.pages = append(r.pages, magicPage(lineMagics()[name], cellTimeHelp))
		return nil
	}
	m, ok := lineMagics()[name]
	if !ok {
		return usageError(fmt.Sprintf("no magic %%%s; the magics are %s", name, magicNames()))
	}
	r.pages = append(r.pages, magicPage(m, ""))
	return nil
}

// cellTimeHelp is the help of %%time, shown with %time's.
const cellTimeHelp = "%%time, as the first line of a cell, times the whole cell the same way."

// magicPage is the help of one magic.
func magicPage(m magic, more string) lang.Inspection {
	text := m.usage + "\n\n" + sentence(m.summary) + "\n"
	for _, p := range []string{m.doc, more} {
		if p != "" {
			text += "\n" + p + "\n"
		}
	}
	md := "`" + m.usage + "`\n\n" + strings.TrimPrefix(text, m.usage+"\n\n")
	return page(text, md)
}

// sentence capitalises s and ends it with a period.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// helpExtras are the lines of %help beside the line magics.
var helpExtras = [][2]string{
	{"%%time", "as the first line of a cell: times the whole cell"},
	{shellUsage, shellSummary},
	{"NAME?", "shows the documentation of NAME (fmt.Println?, nnlib.Dense?, a name a cell defined) in the pager"},
	{"NAME??", "the same, with the source of what a cell defined"},
}

// The help of shell commands.
const (
	shellUsage   = "!COMMAND"
	shellSummary = "runs a shell command (sh -c), its output streamed into the cell; an interrupt kills it and what it started; a non-zero exit status fails the cell"
)

// shellPage is the help of shell commands.
func shellPage() lang.Inspection {
	return magicPage(magic{usage: shellUsage, summary: shellSummary}, "")
}

// helpPage is the page of %help.
func helpPage() lang.Inspection {
	ms := lineMagics()
	names := make([]string, 0, len(ms))
	for name := range ms {
		names = append(names, name)
	}
	slices.Sort(names)
	rows := make([][2]string, 0, len(ms)+len(helpExtras))
	for _, name := range names {
		rows = append(rows, [2]string{ms[name].usage, ms[name].summary})
	}
	rows = append(rows, helpExtras...)

	const intro = "Magic lines may stand anywhere a Go statement could start, mixed with Go; " +
		"the cell runs from top to bottom. %%time must be the first line of the cell. " +
		"%help MAGIC tells more about one."
	const input = "Cells can ask for input: fmt.Scanln and bufio.NewReader(os.Stdin) ask a line at a time, " +
		"gonn.ReadLine(prompt) asks with a prompt and gonn.ReadPassword(prompt) without showing what is typed. " +
		"Tab completes, Shift+Tab shows documentation."

	width := 0
	for _, row := range rows {
		width = max(width, len(row[0]))
	}
	var text, md strings.Builder
	text.WriteString("gonn magics\n\n" + intro + "\n\n")
	md.WriteString("### gonn magics\n\n" + intro + "\n\n| | |\n|---|---|\n")
	for _, row := range rows {
		fmt.Fprintf(&text, "  %-*s  %s\n", width, row[0], row[1])
		fmt.Fprintf(&md, "| `%s` | %s |\n", row[0], row[1])
	}
	text.WriteString("\n" + input + "\n")
	md.WriteString("\n" + input + "\n")
	return page(text.String(), md.String())
}

// page is an Inspection-shaped pager page.
func page(text, markdown string) lang.Inspection {
	return lang.Inspection{Found: true, Data: map[string]any{"text/plain": text, "text/markdown": markdown}}
}

// payload returns the execute_reply payload of the cell's pages, if any.
func (r *magicRun) payload() []map[string]any {
	if len(r.pages) == 0 {
		return nil
	}
	var text, md []string
	for _, p := range r.pages {
		t, _ := p.Data["text/plain"].(string)
		m, _ := p.Data["text/markdown"].(string)
		text = append(text, t)
		if m == "" {
			m = "```\n" + t + "\n```\n"
		}
		md = append(md, m)
	}
	return []map[string]any{{
		"source": "page",
		"data": map[string]any{
			"text/plain":    strings.Join(text, "\n"),
			"text/markdown": strings.Join(md, "\n---\n\n"),
		},
		"start": 0,
	}}
}
