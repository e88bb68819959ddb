package match

import (
	"fmt"

	"github.com/chainmatch/chainmatch"
)

// QuotaStatus says how one quota fared in a selection.
type QuotaStatus struct {
	chainmatch.Quota
	Want int `json:"want"` // targets asked for in a list of the requested size
	Got  int `json:"got"`  // in the selection
	// Unconstrained counts them in the plain top N; Available in the whole ranked
	// list the selection drew from.
	Unconstrained int  `json:"unconstrained"`
	Available     int  `json:"available"`
	Met           bool `json:"met"`
	// Reason says why an unmet quota could not be met.
	Reason *chainmatch.Reason `json:"reason,omitempty"`
}

// QuotaReport is what a quota selection did: each quota's status, the score it
// gave up against the unconstrained top N, and who entered and left.
type QuotaReport struct {
	N        int           `json:"n"`
	Quotas   []QuotaStatus `json:"quotas"`
	Feasible bool          `json:"feasible"` // every quota met
	// Score is the selection's total score, TopScore the plain top N's;
	// ScoreGivenUp = TopScore − Score ≥ 0.
	Score        float64  `json:"score"`
	TopScore     float64  `json:"top_score"`
	ScoreGivenUp float64  `json:"score_given_up"`
	Entered      []string `json:"entered"` // ids brought in for a quota
	Left         []string `json:"left"`    // ids of the top N that made room
}

// quotaHas reports whether t counts towards q.
func quotaHas(t *chainmatch.Target, q *chainmatch.Quota) bool {
	if q.Node != "" {
		return t.Node == q.Node
	}
	if t.Enterprise == nil {
		return false
	}
	for _, g := range t.Enterprise.Tags {
		if g == q.Tag {
			return true
		}
	}
	return false
}

// ApplyQuotas selects n targets from ranked (best first, deeper than n so that
// quotas can draw on it) that meet the quotas, giving up as little score as it
// can. It starts from the unconstrained top n and repairs: while a quota q is
// short, the best unselected target carrying q (among those, one that also
// carries other short quotas first) replaces the lowest-scored selected target
// whose removal leaves every quota it counts for at or above its want (or that the
// newcomer also counts for). Each swap lowers the total shortfall by one, so the
// repair ends; a swap replaces the least score it can at that step, so the score
// given up is small but, with overlapping tags, not proven minimal.
//
// A quota is infeasible when the ranked list holds fewer than its want, when its
// want exceeds n, or when no swap can make room without breaking another quota;
// each such quota is reported unmet with its reason and the selection meets it as
// far as it can — none is dropped silently. The result is in ranked order,
// re-ranked from 1. Invalid quotas are field errors.
func ApplyQuotas(ranked []chainmatch.Target, n int, quotas []chainmatch.Quota) ([]chainmatch.Target, QuotaReport, error) {
	rep := QuotaReport{N: n, Quotas: make([]QuotaStatus, len(quotas)), Entered: []string{}, Left: []string{}}
	fe := chainmatch.FieldErrors{}
	if n < 0 {
		fe.Add("n", "must not be negative")
	}
	for k := range quotas {
		if err := quotas[k].Validate(); err != nil {
			for f, m := range chainmatch.Fields(err) {
				fe.Add(fmt.Sprintf("quotas[%d].%s", k, f), m)
			}
		}
	}
	if err := fe.Err(); err != nil {
		return nil, rep, fmt.Errorf("quotas: %w", err)
	}
	n = min(n, len(ranked))
	nq := len(quotas)
	has := make([][]bool, len(ranked)) // has[i][k]: ranked[i] counts for quota k
	for i := range ranked {
		has[i] = make([]bool, nq)
		for k := range quotas {
			has[i][k] = quotaHas(&ranked[i], &quotas[k])
		}
	}
	sel := make([]bool, len(ranked))
	count := make([]int, nq)
	target := make([]int, nq) // what the repair aims for: min(want, available, n)
	for i := 0; i < n; i++ {
		sel[i] = true
	}
	for k := range quotas {
		st := &rep.Quotas[k]
		st.Quota = quotas[k]
		st.Want = quotas[k].Want(rep.N)
		for i := range ranked {
			if has[i][k] {
				st.Available++
				if i < n {
					st.Unconstrained++
				}
			}
		}
		count[k] = st.Unconstrained
		target[k] = min(st.Want, st.Available, n)
		switch {
		case st.Want > rep.N:
			st.Reason = &chainmatch.Reason{ZH: fmt.Sprintf("要求%d个，超过名单规模%d", st.Want, rep.N),
				EN: fmt.Sprintf("asks for %d, more than the list's %d", st.Want, rep.N)}
		case st.Available < st.Want:
			st.Reason = &chainmatch.Reason{ZH: fmt.Sprintf("候选中仅有%d个符合（要求%d个）", st.Available, st.Want),
				EN: fmt.Sprintf("only %d candidates qualify (%d asked)", st.Available, st.Want)}
		}
	}
	removable := func(i, in int) bool {
		for k := range quotas {
			if has[i][k] && !has[in][k] && count[k] <= target[k] {
				return false
			}
		}
		return true
	}
	for {
		short := -1
		for k := range quotas {
			if count[k] < target[k] {
				short = k
				break
			}
		}
		if short < 0 {
			break
		}
		// The newcomer: best unselected carrier of short, preferring one that
		// also fills more short quotas.
		in, inCover := -1, -1
		for i := range ranked {
			if sel[i] || !has[i][short] {
				continue
			}
			cover := 0
			for k := range quotas {
				if has[i][k] && count[k] < target[k] {
					cover++
				}
			}
			if cover > inCover {
				in, inCover = i, cover
			}
		}
		out := -1
		if in >= 0 {
			for i := len(ranked) - 1; i >= 0; i-- {
				if sel[i] && !has[i][short] && removable(i, in) {
					out = i
					break
				}
			}
		}
		if out < 0 {
			st := &rep.Quotas[short]
			if st.Reason == nil {
				st.Reason = &chainmatch.Reason{ZH: "与其他配额冲突：名单中没有可替换的目标",
					EN: "conflicts with the other quotas: no selected target can make room"}
			}
			target[short] = count[short]
			continue
		}
		sel[in], sel[out] = true, false
		for k := range quotas {
			if has[in][k] {
				count[k]++
			}
			if has[out][k] {
				count[k]--
			}
		}
	}
	var picked []chainmatch.Target
	for i := range ranked {
		id, _ := targetKey(&ranked[i])
		if i < n {
			rep.TopScore += ranked[i].Score
			if !sel[i] {
				rep.Left = append(rep.Left, id)
			}
		}
		if sel[i] {
			if i >= n {
				rep.Entered = append(rep.Entered, id)
			}
			t := ranked[i]
			t.Rank = len(picked) + 1
			rep.Score += t.Score
			picked = append(picked, t)
		}
	}
	rep.ScoreGivenUp = max(0, rep.TopScore-rep.Score)
	rep.Feasible = true
	for k := range rep.Quotas {
		st := &rep.Quotas[k]
		st.Got = count[k]
		st.Met = st.Got >= st.Want
		if !st.Met {
			rep.Feasible = false
			if st.Reason == nil {
				st.Reason = &chainmatch.Reason{ZH: "未满足", EN: "not met"}
			}
		}
	}
	if picked == nil {
		picked = []chainmatch.Target{}
	}
	return picked, rep, nil
}
