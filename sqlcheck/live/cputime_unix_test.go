//go:build unix

package live

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) the test process has used: on a loaded machine the
// benchmark reports it beside wall time, which the load distorts.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
