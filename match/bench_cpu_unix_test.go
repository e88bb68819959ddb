//go:build unix

package match

import "syscall"

// cpuNanos is the process's user+system CPU time: on a shared machine it shows
// the work a benchmark does apart from the time it waits for a core.
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
