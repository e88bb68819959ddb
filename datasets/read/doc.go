// Package read owns reading outside files into chainmatch records: the row readers
// for CSV (UTF-8 or GBK), XLSX and JSON/JSONL, the column presets of common Chinese
// enterprise-data exports, the value parsers (money with units, dates, counts,
// tickers, USCC, tags), the record parser with its rejects and warnings, and the
// outcome files of backtests.
package read
