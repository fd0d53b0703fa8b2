//go:build !unix

package sqlcheck

import "time"

func cpuTime() time.Duration { return time.Duration(time.Now().UnixNano()) }
