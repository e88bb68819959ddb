// Package importer runs an import: it reads files with the datasets readers,
// validates and tags the records, drops rows superseded within a file and stores
// each file in one transaction, writing rejected rows to a rejects file.
package importer
