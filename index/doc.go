// Package index owns the Bleve index of candidates: mapping, Chinese and English
// analysis, bulk build, incremental update and retrieval; no Bleve type leaves it.
package index
