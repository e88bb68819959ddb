package match

import (
	"fmt"
	"slices"

	"github.com/chainmatch/chainmatch"
)

// Quota asks a target list for at least Min targets carrying Tag (e.g. Jinyun's list
// of 450 with 47 foreign-funded, 55 leaders, 182 high-tech, 26 listed, 78 high-growth).
type Quota struct {
	Tag chainmatch.Tag `json:"tag"`
	Min int            `json:"min"`
}

// ApplyQuotas picks n targets from ranked (best first): first, for each quota in
// order, the best not yet picked targets carrying its tag until it has Min of them
// (counting targets already picked); then the best remaining targets. The result is
// in the original order and re-ranked from 1. A quota that cannot be met keeps all
// it found; shortfall reports by tag how many were missing. Quotas asking for more
// than n in total are an error.
func ApplyQuotas(ranked []chainmatch.Target, n int, quotas []Quota) (picked []chainmatch.Target, shortfall map[chainmatch.Tag]int, err error) {
	total := 0
	for i, q := range quotas {
		if q.Min < 0 || !chainmatch.ValidTag(q.Tag) {
			return nil, nil, fmt.Errorf("quotas: %w", chainmatch.FieldErrors{fmt.Sprintf("quotas[%d]", i): "a known tag and a non-negative minimum"})
		}
		total += q.Min
	}
	if total > n {
		return nil, nil, fmt.Errorf("quotas: %w", chainmatch.FieldErrors{"quotas": fmt.Sprintf("minimums sum to %d, more than the list's %d", total, n)})
	}
	has := func(t *chainmatch.Target, tag chainmatch.Tag) bool {
		return t.Enterprise != nil && slices.Contains(t.Enterprise.Tags, tag)
	}
	take := make([]bool, len(ranked))
	count := 0
	shortfall = map[chainmatch.Tag]int{}
	for _, q := range quotas {
		got := 0
		for i := range ranked {
			if take[i] && has(&ranked[i], q.Tag) {
				got++
			}
		}
		for i := range ranked {
			if got >= q.Min || count >= n {
				break
			}
			if !take[i] && has(&ranked[i], q.Tag) {
				take[i] = true
				got++
				count++
			}
		}
		if got < q.Min {
			shortfall[q.Tag] = q.Min - got
		}
	}
	for i := range ranked {
		if count >= n {
			break
		}
		if !take[i] {
			take[i] = true
			count++
		}
	}
	for i := range ranked {
		if take[i] {
			t := ranked[i]
			t.Rank = len(picked) + 1
			picked = append(picked, t)
		}
	}
	return picked, shortfall, nil
}

// Dislocate applies "dislocation development" (错位发展) to the ranked lists of
// several counties of one city: an enterprise on more than one list stays only on
// the list where its score is highest (ties: the county listed first), unless that
// county's code is in keep (a county whose list asks otherwise keeps everything and
// takes nothing from the others).
// Lists are re-ranked from 1. It is an assignment of each enterprise to its best
// county; lists[k] belongs to counties[k].
func Dislocate(counties []string, lists [][]chainmatch.Target, keep map[string]bool) [][]chainmatch.Target {
	if len(counties) != len(lists) {
		panic("match: Dislocate needs one county per list")
	}
	type best struct {
		k     int
		score float64
	}
	owner := map[string]best{}
	for k, l := range lists {
		if keep[counties[k]] {
			continue
		}
		for _, t := range l {
			id, _ := targetKey(&t)
			if b, ok := owner[id]; !ok || t.Score > b.score {
				owner[id] = best{k, t.Score}
			}
		}
	}
	out := make([][]chainmatch.Target, len(lists))
	for k, l := range lists {
		out[k] = []chainmatch.Target{}
		for _, t := range l {
			id, _ := targetKey(&t)
			if b, ok := owner[id]; keep[counties[k]] || !ok || b.k == k {
				t.Rank = len(out[k]) + 1
				out[k] = append(out[k], t)
			}
		}
	}
	return out
}
