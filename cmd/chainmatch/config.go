package main

import "flag"

// Config is the one configuration of the binary: defaults, then the environment
// (CHAINMATCH_DATA, CHAINMATCH_ADDR, CHAINMATCH_DATABASE), then flags.
type Config struct {
	// Data is the data directory: database, index and rejects files.
	Data string
	// Database is a database URL; empty means SQLite in Data. postgres://... selects PostgreSQL.
	Database string
	// Addr is where serve listens.
	Addr string
}

func defaultConfig(getenv func(string) string) Config {
	c := Config{Data: "./chainmatch-data", Addr: "127.0.0.1:8080"}
	if v := getenv("CHAINMATCH_DATA"); v != "" {
		c.Data = v
	}
	if v := getenv("CHAINMATCH_DATABASE"); v != "" {
		c.Database = v
	}
	if v := getenv("CHAINMATCH_ADDR"); v != "" {
		c.Addr = v
	}
	return c
}

// dataFlags registers the flags every command that touches the data directory has.
func (c *Config) dataFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Data, "data", c.Data, "data directory (env CHAINMATCH_DATA)")
	fs.StringVar(&c.Database, "database", c.Database, "database URL; empty for SQLite in the data directory, postgres://... for PostgreSQL (env CHAINMATCH_DATABASE)")
}
