// Package datasets owns the reference data the engine ships: the embedded chains
// (chains/), the GB/T 2260 divisions and county profiles (divisions/, profiles.json)
// and the Regions built from them that resolve place names to codes.
//
// Its two subpackages do the other jobs and import it, never the other way:
// datasets/read reads outside files (CSV, XLSX, JSON and JSONL records; outcome
// files) into the domain types, and datasets/synth generates the synthetic pool, the
// one generator the demo, the benchmarks and the index tests use. The split follows
// what changes together: reference data changes with the seeds and the registry
// packages, readers with the exports users bring, the generator with what the
// ranker must be tested against.
package datasets
