//go:build unix

package sqlcheck

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) the process has used. The benchmark compares CPU
// time rather than wall time, which a loaded machine distorts.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
