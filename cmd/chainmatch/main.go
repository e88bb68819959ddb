// Command chainmatch matches target enterprises and talents to county industrial
// chains: import data, build the index, rank candidates, serve the API and web UI.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first signal cancels ctx, and the command winds down; the default
		// handling comes back, so a second Ctrl-C ends the process at once.
		<-ctx.Done()
		stop()
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	err = interrupted(ctx, err)
	stop()
	if err != nil && !errors.Is(err, errHelp) {
		fmt.Fprintln(os.Stderr, "chainmatch:", err)
		os.Exit(exitCode(err))
	}
}
