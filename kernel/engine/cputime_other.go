//go:build !unix

package engine

// cpuTimes is not known on this system: %time shows the wall time only.
func cpuTimes() (cpuTime, bool) { return cpuTime{}, false }
