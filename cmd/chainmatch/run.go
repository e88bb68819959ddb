package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/chainmatch/chainmatch"
)

// env is what every subcommand gets: its arguments, the environment and the
// standard streams. Tests call run with their own.
type env struct {
	args   []string
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand of the binary.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e env) error
}

// commands lists every subcommand; each lives in its own cmd_*.go file.
func commands() []command {
	cmds := []command{
		// Keep one entry a line, sorted by name.
		cmdServe(),
		cmdUser(),
		cmdEval(),
		cmdImport(),
		cmdGaps(),
		cmdIndex(),
		cmdMatch(),
		cmdSearch(),
		cmdTag(),
		cmdBench(),
		cmdChains(),
		cmdCounties(),
		cmdGen(),
		cmdWeights(),
	}
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	return cmds
}

// errUsage marks a command-line mistake: exit code 2.
var errUsage = errors.New("usage")

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return fmt.Errorf("%w: no command given", errUsage)
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			e.args = args[1:]
			return c.run(ctx, e)
		}
	}
	usage(stderr)
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "chainmatch — match target enterprises and talents to county industrial chains (双招双引)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "usage: chainmatch COMMAND [flags]   (chainmatch COMMAND -h explains a command)")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}

// newFlags returns a flag set for a subcommand whose -h prints summary, usage and
// the flags to e.stdout. Parse errors are returned, not printed twice.
func newFlags(e env, name, synopsis, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: chainmatch %s %s\n\n%s\n\nflags:\n", name, synopsis, strings.TrimSpace(summary))
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; -h prints usage to stdout and returns errHelp.
func parseFlags(e env, fs *flag.FlagSet) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(e.args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(e.stdout)
		fs.Usage()
		return errHelp
	case err != nil:
		fs.SetOutput(e.stderr)
		fs.Usage()
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

// checkFormat is the usage error of a --format value that is not one of
// allowed (nil when it is): "--format must be table or json, not \"xml\"".
func checkFormat(cmd, format string, allowed ...string) error {
	if slices.Contains(allowed, format) {
		return nil
	}
	list := strings.Join(allowed[:len(allowed)-1], ", ") + " or " + allowed[len(allowed)-1]
	return fmt.Errorf("%w: %s: --format must be %s, not %q", errUsage, cmd, list, format)
}

// errHelp ends a command that only printed its help: exit code 0.
var errHelp = errors.New("help shown")

// errInterrupted marks a command that a signal (Ctrl-C, SIGTERM) stopped before
// it finished: exit code 130, as a shell gives for Ctrl-C.
var errInterrupted = errors.New("interrupted")

// interrupted marks err as errInterrupted when ctx, the command's context, was
// cancelled by a signal: whatever error the command ended with then follows from
// the signal, and the message says so first. A command that completed (nil) or
// wound down cleanly (serve drains and returns nil) is left as it is.
func interrupted(ctx context.Context, err error) error {
	if err == nil || errors.Is(err, errHelp) || ctx.Err() == nil {
		return err
	}
	return fmt.Errorf("%w (%v): %w", errInterrupted, context.Cause(ctx), err)
}

// exitCode maps an error to the process exit status: 2 for usage, 3 for invalid
// input, 130 for a command stopped by Ctrl-C or SIGTERM, 1 otherwise.
func exitCode(err error) int {
	switch {
	case err == nil || errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errInterrupted):
		return 130
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, chainmatch.ErrInvalid):
		return 3
	default:
		return 1
	}
}
