// Package datasets owns the data the engine ships and reads: the embedded chains,
// divisions and county profiles, the readers for outside files (CSV, XLSX, JSONL)
// and the synthetic pool generator.
package datasets
