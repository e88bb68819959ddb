package chainmatch

import (
	"fmt"
	"strconv"
	"strings"
)

// Quota asks a target list for a minimum of targets that carry Tag or fill Node
// (exactly one of the two): Min targets, or the share Share of the list's size
// (rounded up). Jinyun's 450 targets with 47 foreign-funded, 55 leaders, 182
// high-tech, 26 listed and 78 high-growth firms are five quotas.
type Quota struct {
	Tag   Tag     `json:"tag,omitempty"`
	Node  string  `json:"node,omitempty"`
	Min   int     `json:"min,omitempty"`
	Share float64 `json:"share,omitempty"` // in (0, 1]
}

// Want is how many targets the quota asks of a list of n.
func (q *Quota) Want(n int) int {
	if q.Share > 0 {
		v := q.Share * float64(n)
		w := int(v)
		if float64(w) < v-1e-9 {
			w++
		}
		return w
	}
	return q.Min
}

// Label names the quota's constraint ("tag:listed", "node:motor").
func (q *Quota) Label() string {
	if q.Node != "" {
		return "node:" + q.Node
	}
	return "tag:" + string(q.Tag)
}

// Validate checks that the quota names one tag or one node and one positive
// minimum or share.
func (q *Quota) Validate() error {
	fe := FieldErrors{}
	switch {
	case q.Tag == "" && q.Node == "":
		fe.Add("tag", "a tag or a node is required")
	case q.Tag != "" && q.Node != "":
		fe.Add("tag", "give a tag or a node, not both")
	case q.Tag != "" && !ValidTag(q.Tag):
		fe.Add("tag", fmt.Sprintf("%q is not a tag (%v)", q.Tag, Tags))
	}
	switch {
	case q.Min < 0:
		fe.Add("min", "must not be negative")
	case q.Share < 0 || q.Share > 1 || q.Share != q.Share:
		fe.Add("share", "must lie in [0, 1]")
	case q.Min > 0 && q.Share > 0:
		fe.Add("min", "give a minimum or a share, not both")
	}
	return fe.Err()
}

// ParseQuotas reads quotas written as KEY=VALUE pairs separated by commas, KEY a
// tag or node:ID and VALUE a count (26) or a share (0.1 or 10%):
// "listed=26,high_tech=40%,node:motor=5".
func ParseQuotas(s string) ([]Quota, error) {
	var out []Quota
	fe := FieldErrors{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			fe.Add(part, "want KEY=COUNT or KEY=SHARE")
			continue
		}
		var q Quota
		if id, isNode := strings.CutPrefix(k, "node:"); isNode {
			q.Node = id
		} else {
			q.Tag = Tag(k)
		}
		switch {
		case strings.HasSuffix(v, "%"):
			f, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
			if err != nil {
				fe.Add(k, fmt.Sprintf("%q is not a percentage", v))
				continue
			}
			q.Share = f / 100
		case strings.Contains(v, "."):
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				fe.Add(k, fmt.Sprintf("%q is not a share", v))
				continue
			}
			q.Share = f
		default:
			n, err := strconv.Atoi(v)
			if err != nil {
				fe.Add(k, fmt.Sprintf("%q is not a count", v))
				continue
			}
			q.Min = n
		}
		if err := q.Validate(); err != nil {
			for f, m := range Fields(err) {
				fe.Add(k+"."+f, m)
			}
			continue
		}
		out = append(out, q)
	}
	if err := fe.Err(); err != nil {
		return nil, fmt.Errorf("quotas: %w", err)
	}
	return out, nil
}

// ListPreset is a target-list mix a county's profile names, such as Jinyun's
// "jinyun-450": the list's size, its chain and its quotas, with their source.
type ListPreset struct {
	Name   string  `json:"name"`
	Chain  string  `json:"chain,omitempty"`
	Size   int     `json:"size"`
	Quotas []Quota `json:"quotas"`
	Note   string  `json:"note,omitempty"`
	Source *Source `json:"source,omitempty"`
}
