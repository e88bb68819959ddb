//go:build !unix

package match

func cpuNanos() int64 { return 0 }
