//go:build unix

package engine

import (
	"syscall"
	"time"
)

// cpuTimes returns the CPU time used by the process and by the commands
// it ran and waited for (!cmd).
func cpuTimes() (cpuTime, bool) {
	var self, children syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) != nil || syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children) != nil {
		return cpuTime{}, false
	}
	d := func(tv syscall.Timeval) time.Duration { return time.Duration(tv.Nano()) }
	return cpuTime{user: d(self.Utime) + d(children.Utime), sys: d(self.Stime) + d(children.Stime)}, true
}
