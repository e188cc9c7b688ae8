package engine

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Every cell gets its own range of line numbers in one line space shared by
// all the code the interpreter has seen, so that a position reported by
// yaegi ("4711:3: undefined: x", or a line of a panic trace from a function
// defined three cells earlier) names exactly one line of one cell. The
// interpreter only ever sees the file name "_.go": yaegi keys imports by
// file name, so the name must not change from cell to cell.

// sourceName is the file name of all code given to yaegi.
const sourceName = "_.go"

// cellLines is the range of line numbers given to one executed cell.
type cellLines struct {
	count int    // execution count shown to the user (In[count])
	first int    // global line number of the cell's line 1
	lines int    // number of lines in the cell
	code  string // the cell's source, kept for error context (may be "")
}

// maxKeptSource is the largest cell whose source is kept to show the line
// of an error.
const maxKeptSource = 1 << 20

// lineSpace hands out line ranges and maps global lines back to cells.
type lineSpace struct {
	mu    sync.Mutex
	cells []cellLines // ordered by first
	next  int
}

func newLineSpace() *lineSpace { return &lineSpace{next: 1} }

// add reserves a range for a cell and returns it.
func (ls *lineSpace) add(count int, code string) cellLines {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	n := strings.Count(code, "\n") + 1
	c := cellLines{count: count, first: ls.next, lines: n}
	if len(code) <= maxKeptSource {
		c.code = code
	}
	ls.next += n + 1
	ls.cells = append(ls.cells, c)
	return c
}

// locate maps a global line to its cell and the line within the cell.
func (ls *lineSpace) locate(global int) (cellLines, int, bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	i := sort.Search(len(ls.cells), func(i int) bool { return ls.cells[i].first > global }) - 1
	if i < 0 {
		return cellLines{}, 0, false
	}
	c := ls.cells[i]
	if global >= c.first+c.lines {
		return cellLines{}, 0, false
	}
	return c, global - c.first + 1, true
}

// position is a place in a cell.
type position struct {
	cell      cellLines
	line, col int
}

// format writes the position as the user sees it: "3:5" in the current
// cell, "In[2] 3:5" in another one.
func (p position) format(current int) string {
	if p.cell.first == current {
		return fmt.Sprintf("%d:%d", p.line, p.col)
	}
	return fmt.Sprintf("In[%d] %d:%d", p.cell.count, p.line, p.col)
}

// sourceLine returns the text of the position's line, if it is known.
func (p position) sourceLine() (string, bool) {
	if p.cell.code == "" {
		return "", false
	}
	code := p.cell.code
	for i := 1; i < p.line; i++ {
		j := strings.IndexByte(code, '\n')
		if j < 0 {
			return "", false
		}
		code = code[j+1:]
	}
	if j := strings.IndexByte(code, '\n'); j >= 0 {
		code = code[:j]
	}
	return code, true
}

// leadingPos matches the "line:col: " that starts yaegi's messages.
var leadingPos = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): `)

// splitPos separates the position at the start of a yaegi message from the
// rest; ok is false when the message has no position in this line space.
func (ls *lineSpace) splitPos(msg string) (pos position, rest string, ok bool) {
	m := leadingPos.FindStringSubmatchIndex(msg)
	if m == nil {
		return position{}, msg, false
	}
	line, err1 := strconv.Atoi(msg[m[2]:m[3]])
	col, err2 := strconv.Atoi(msg[m[4]:m[5]])
	if err1 != nil || err2 != nil {
		return position{}, msg, false
	}
	cell, l, found := ls.locate(line)
	if !found {
		return position{}, msg, false
	}
	return position{cell: cell, line: l, col: col}, msg[m[1]:], true
}
