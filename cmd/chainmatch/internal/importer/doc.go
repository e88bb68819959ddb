// Package importer owns running an import: it reads files with datasets/read,
// validates and tags the records, drops rows superseded within a file and stores
// each file in one transaction, writing rejected rows to a rejects file, which
// ReadRejects reads back.
package importer
