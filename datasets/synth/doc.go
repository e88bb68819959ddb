// Package synth owns the synthetic pool generator: Generate writes enterprises and
// talents in the JSONL import format, deterministic in its seed and marked
// "source": "synthetic" — the one generator behind chainmatch gen, the demo pool,
// the benchmarks and the index tests.
package synth
