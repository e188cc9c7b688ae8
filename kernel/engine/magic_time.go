package engine

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// %time STATEMENT and %%time: the wall time (and the process's CPU time)
// of a statement or a cell, printed after its output, whether it
// succeeded, failed or was interrupted.

// timeStatement runs %time's statement, laid out at its place in the cell
// so that errors name the cell's line and column.
func (r *magicRun) timeStatement(ctx context.Context, s part) error {
	if s.args == "" {
		return usageError("%time needs a statement to time: %time f(x)")
	}
	if command, ok := strings.CutPrefix(s.args, "!"); ok {
		return r.timed(func() error { return r.e.runShell(ctx, strings.TrimSpace(command)) })
	}
	line := r.lines[s.first]
	at := strings.Index(line, "%time") + len("%time")
	code := strings.Repeat("\n", s.first) + strings.Repeat(" ", at) + line[at:] + strings.Join(r.lines[s.first+1:s.last+1], "")
	return r.timed(func() error { return r.runGo(ctx, code) })
}

// timed runs f and prints how long it took on the cell's stdout.
func (r *magicRun) timed(f func() error) error {
	cpu0, cpuOK := cpuTimes()
	start := time.Now()
	err := f()
	wall := time.Since(start)
	cpu1, _ := cpuTimes()
	if _, ok := err.(syntaxError); ok {
		return err // nothing ran
	}
	var b strings.Builder
	if cpuOK {
		user, sys := cpu1.user-cpu0.user, cpu1.sys-cpu0.sys
		fmt.Fprintf(&b, "CPU time: user %s, system %s, total %s\n",
			formatDuration(user), formatDuration(sys), formatDuration(user+sys))
	}
	fmt.Fprintf(&b, "Wall time: %s\n", formatDuration(wall))
	fmt.Fprint(r.e.stdout.File(), b.String())
	return err
}

// cpuTime is the CPU time a process used.
type cpuTime struct{ user, sys time.Duration }

// durationUnits are the units formatDuration uses, smallest first.
var durationUnits = []struct {
	name string
	size time.Duration
}{{"ns", time.Nanosecond}, {"µs", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}}

// formatDuration writes d with three significant digits in the largest
// unit that keeps it at 1 or more: "840 ns", "12.3 ms", "1.5 s",
// "2 min 5.25 s".
func formatDuration(d time.Duration) string {
	if d >= time.Minute {
		return fmt.Sprintf("%d min %s", d/time.Minute, formatDuration(d%time.Minute))
	}
	if d <= 0 {
		return "0 s"
	}
	u := 0
	for u+1 < len(durationUnits) && d >= durationUnits[u+1].size {
		u++
	}
	v := float64(d) / float64(durationUnits[u].size)
	if v >= 999.5 && u+1 < len(durationUnits) { // would round to 1000
		u++
		v = float64(d) / float64(durationUnits[u].size)
	}
	return strconv.FormatFloat(v, 'g', 3, 64) + " " + durationUnits[u].name
}
