package engine

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/index"
)

// RebuildIndex builds the index afresh from the store and swaps it in.
func (e *Engine) RebuildIndex(ctx context.Context, progress Progress) error {
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	if progress == nil {
		progress = func(string, int, int) {}
	}
	gen, err := e.store.Generation(ctx)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	nEnt, nTal, err := e.store.Counts(ctx)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	return e.rebuildIndex(ctx, gen, int(nEnt+nTal), progress)
}

// rebuildIndex streams enterprises, then talents, from the store into the
// index's offline builder. The store's callbacks run in a goroutine that feeds
// the builder's pull function.
func (e *Engine) rebuildIndex(ctx context.Context, gen int64, total int, progress Progress) error {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	docs := make(chan index.Doc, 1024)
	errc := make(chan error, 1)
	go func() {
		defer close(docs)
		err := e.store.Enterprises(ctx, func(seq int64, rec *chainmatch.Enterprise) error {
			rec.NodeTags = e.tagger.Enterprise(rec)
			select {
			case docs <- EnterpriseDoc(uint32(seq), rec):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if err == nil {
			err = e.store.Talents(ctx, func(seq int64, t *chainmatch.Talent) error {
				t.NodeTags = e.tagger.Talent(t)
				select {
				case docs <- TalentDoc(uint32(seq), t):
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}
		errc <- err
	}()
	n := 0
	next := func() (index.Doc, bool, error) {
		d, ok := <-docs
		if !ok {
			if err := <-errc; err != nil {
				return index.Doc{}, false, err
			}
			return index.Doc{}, false, nil
		}
		n++
		if n%5000 == 0 {
			progress("indexing", n, total)
		}
		return d, true, nil
	}
	if err := e.index.Build(ctx, gen, next); err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	progress("indexing", n, total)
	e.log.Info("index built", "docs", n, "generation", gen, "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

// EnterpriseDoc is what the index keeps of an enterprise.
func EnterpriseDoc(seq uint32, e *chainmatch.Enterprise) index.Doc {
	d := index.Doc{Seq: seq, Kind: index.KindEnterprise, Name: e.Name, NameEN: e.NameEN,
		Scope: e.Scope, Products: e.Products, Industry: e.Industry, IndustryCode: e.IndustryCode,
		Province: e.Province, City: e.City, County: e.County,
		CapitalWan: num(e.RegisteredCapitalWan), RevenueWan: num(e.RevenueWan),
		Employees: math.NaN(), FoundedYear: e.FoundedYear()}
	if e.Employees != nil {
		d.Employees = float64(*e.Employees)
	}
	if e.Lat != nil && e.Lon != nil {
		d.Lat, d.Lon, d.HasGeo = *e.Lat, *e.Lon, true
	}
	for _, t := range e.Tags {
		d.Tags = append(d.Tags, string(t))
	}
	d.Nodes = nodeIDs(e.NodeTags)
	return d
}

// TalentDoc is what the index keeps of a talent: field and expertise are its scope,
// the institution its products.
func TalentDoc(seq uint32, t *chainmatch.Talent) index.Doc {
	d := index.Doc{Seq: seq, Kind: index.KindTalent, Name: t.Name, Scope: t.Field + " " + t.Expertise,
		Products: t.Institution, CapitalWan: math.NaN(), RevenueWan: math.NaN(), Employees: math.NaN()}
	if chainmatch.IsDivisionCode(t.Location) {
		d.County, d.City, d.Province = t.Location, t.Location[:4]+"00", t.Location[:2]
	}
	d.Nodes = nodeIDs(t.NodeTags)
	return d
}

func nodeIDs(tags []chainmatch.NodeTag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Chain + "/" + t.Node
	}
	return out
}

func num(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
