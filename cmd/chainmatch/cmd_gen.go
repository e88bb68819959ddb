package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/chainmatch/chainmatch/datasets"
	"github.com/chainmatch/chainmatch/datasets/synth"
)

const genSummary = `Write a synthetic national pool of enterprises and talents in the JSONL import
format (design.md §5), for demos, tests and benchmarks. Every record says
"source": "synthetic" and "as_of": "2026-11-01". The same seed gives the same
bytes; memory stays constant however many records are asked for.

The pool does not flatter the tagger: business scopes use the regulator's
catalogue wording and product words written apart from the chain files, names
are a trade name and a generic word (科技, 实业, 机械), 80% of firms belong to no
chain, some span two chains, some carry only an industry label or no text at
all. Counties weigh by economic size (provincial GDP, NBS 2023; 缙云 ≈ 0.03%
of firms); half of a chain's firms cluster where it really does (e-bikes around
Tianjin, Wuxi, Taizhou, Yongkang).
Tags come at national rates (listed ≈ 0.09%, eight times the national share so
a demo pool has a few; high-tech ≈ 1.5%; 专精特新 ≈ 0.3%); signals and branches
are rare. USCCs are valid and carry the county. Progress goes to stderr.

example: chainmatch gen --enterprises 100000 --talents 10000 --seed 1 --out pool.jsonl
         chainmatch import pool.jsonl`

func cmdGen() command {
	return command{name: "gen", summary: "write a synthetic enterprise and talent pool (JSONL)", run: runGen}
}

func runGen(ctx context.Context, e env) error {
	fs := newFlags(e, "gen", "--enterprises N --talents M --seed S --out FILE.jsonl", genSummary)
	var cfg synth.GenConfig
	var out string
	fs.IntVar(&cfg.Enterprises, "enterprises", 10000, "number of enterprises")
	fs.IntVar(&cfg.Talents, "talents", 1000, "number of talents")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed; the same seed gives the same output")
	fs.StringVar(&out, "out", "", "output file (.jsonl), or - for stdout")
	fs.StringVar(&cfg.AsOf, "as-of", synth.DefaultAsOf, "reference date (YYYY-MM-DD) of signals, risks and ages")
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	switch {
	case out == "":
		return fmt.Errorf("%w: gen: --out FILE.jsonl (or - for stdout) is required", errUsage)
	case fs.NArg() > 0:
		return fmt.Errorf("%w: gen: unexpected argument %q", errUsage, fs.Arg(0))
	case cfg.Enterprises < 0 || cfg.Talents < 0:
		return fmt.Errorf("%w: gen: counts must not be negative", errUsage)
	}
	chains, err := datasets.Chains()
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	counties, err := datasets.Counties()
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}

	var w io.Writer = e.stdout
	var f *os.File
	if out != "-" {
		if f, err = os.Create(out); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		defer f.Close()
		w = f
	}
	w = ctxWriter{ctx: ctx, w: w}
	p := newProgress(e.stderr, cfg.Enterprises+cfg.Talents)
	cfg.Progress = p.report
	start := time.Now()
	if err := synth.Generate(w, cfg, chains, counties); err != nil {
		if f != nil {
			f.Close()
			os.Remove(out)
		}
		return fmt.Errorf("gen: %w", err)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
	}
	p.done()
	el := time.Since(start)
	n := cfg.Enterprises + cfg.Talents
	where := out
	if out == "-" {
		where = "stdout"
	}
	fmt.Fprintf(e.stderr, "gen: wrote %d enterprises and %d talents to %s in %.1fs (%.0f records/s), seed %d\n",
		cfg.Enterprises, cfg.Talents, where, el.Seconds(), float64(n)/max(el.Seconds(), 1e-9), cfg.Seed)
	return nil
}

// ctxWriter stops a long generation when the context is cancelled (Ctrl-C).
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// progress reports generation progress on stderr: a line rewritten in place when
// stderr is a terminal, otherwise a line every few seconds.
type progress struct {
	w     io.Writer
	tty   bool
	total int
	start time.Time
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, total int) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	now := time.Now()
	return &progress{w: w, tty: tty, total: total, start: now, last: now}
}

func (p *progress) report(enterprises, talents int) {
	now := time.Now()
	every := 5 * time.Second
	if p.tty {
		every = 200 * time.Millisecond
	}
	if now.Sub(p.last) < every {
		return
	}
	p.last = now
	n := enterprises + talents
	rate := float64(n) / max(now.Sub(p.start).Seconds(), 1e-9)
	msg := fmt.Sprintf("gen: %d/%d records (%.0f%%), %.0f records/s", n, p.total, 100*float64(n)/float64(max(p.total, 1)), rate)
	if p.tty {
		fmt.Fprintf(p.w, "\r%s", msg)
		p.shown = true
		return
	}
	fmt.Fprintln(p.w, msg)
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}
