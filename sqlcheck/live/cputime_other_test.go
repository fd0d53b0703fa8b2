//go:build !unix

package live

import "time"

func cpuTime() time.Duration { return 0 }
