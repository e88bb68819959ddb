package match

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// Feature formulas. Every feature lies in [0, 1]; its weight β_k (Weights.Beta) sets
// its sign and scale in the score. A feature whose inputs are all missing is unknown:
// the candidate lists it in Target.Unknown and is scored with the feature's mean over
// the chain's candidate set (every record tagged to the chain, local ones included),
// so an unknown neither helps nor hurts against the average candidate
// (β_k (x_k − mean_k) = 0) and adding a candidate outside the chain changes nothing.
//
//   - gap_fit = max over the candidate's node tags in the chain of
//     confidence × priority(node) (priority from Gaps, in [0, 1]); the argmax is the
//     node the candidate fills. With Request.TextScores, confidence is scaled by
//     0.8 + 0.2·s/(1+s) for the candidate's text score s. Never unknown.
//   - text = the node text score of the candidate at the node it fills: the
//     score s of its own text (name, English name, scope, products; not the
//     industry label) against the node's words in either language, the best
//     word's BM25 score plus 0.3 × the other matched words' (dismax, no coord), as
//     the index computes it once per
//     generation, normalised per node as s/(s + m) with m the median positive
//     score at the node, so the typical mention scores 0.5 and more evidence never
//     lowers it (Pool.SetNodeText). 0 when the text does not name the node (a
//     record known only by a broad industry label); never unknown.
//   - quality, growth, intent, proximity and ties count in the share
//     min(1, c/0.45) of the confidence c at the node the candidate fills
//     (placementShare), unknowns' means included.
//   - quality = Σ w_p v_p / Σ w_p over the known parts p: leader .18, listed .12,
//     top500 .10, soe .05, high_tech .08, specialized .07, little_giant .10 (tags:
//     0 or 1), size .20 with size = mean of the known clamp(log10(1+capital_wan)/5),
//     clamp(log10(1+employees)/4), clamp(log10(1+revenue_wan)/6), and patents .10
//     with clamp(log10(1+patents)/3). Tags are known when the feature is; size and
//     patents drop out when missing. Unknown when a record has no tag, no size and
//     no patent count.
//   - growth = Σ w_p v_p / Σ w_p over high_growth tag .5, youth .3 with
//     youth = clamp((30 − age_years)/25, 0, 1) at Request.Now, and capital intensity
//     .2 with clamp(log10(1 + capital_wan/employees)/2, 0, 1). Unknown when the
//     record has no high_growth tag, no founding date and not both capital and
//     employees.
//   - intent = 1 − exp(−Σ_s w_s 2^(−age_s/180 days)) over dated signals with
//     0 ≤ age ≤ 3 years at Request.Now; w = expansion 1.0, new_branch 0.8,
//     financing 0.6, hiring 0.25 but only when another scored signal is in the window
//     (a hiring notice alone is not expansion), other types 0. Unknown when the
//     record has no signal dated on or before Now.
//   - proximity = 0.6·exp(−d/400 km) + 0.25·[same province] + 0.15·[same city],
//     d the great-circle (haversine) distance from the record's point to the county
//     centroid. A record's point is its lat/lon, else its county's centroid, else
//     the mean centroid of its city, else of its province; unknown without any.
//     exp(−d/400) is read from a table of 4,097 points in s = √a (the haversine
//     a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)), linearly interpolated, error
//     < 1e-5. The mean of an unknown is taken over the chain's located records.
//   - ties = min(1, Σ): branch in the county .5, else branch in its province .25;
//     a chamber, liaison station or ambassador of the county in the candidate's
//     city .3, else in its province .15; foreign-funded and the county has an
//     overseas association .2; a node tag adjacent (a supply edge either way) to the
//     node of a chain leader located in the county .3. Unknown when the candidate's
//     province is unknown and it has no branches.
//   - risk = min(1, 1.0·[失信 dishonest] + 0.5·[经营异常 abnormal] + 0.2·min(#litigation, 2)
//   - 0.6·[ST: a listed short name starting ST, *ST, S*ST or SST] + 1.0·[gone: delisted
//     (a listed short name starting 退市 or ending 退, or a delisted risk event),
//     revoked or deregistered (吊销, 注销 risk events)]). Public registers list
//     risks by enterprise, so a record without risk events is scored 0 (never
//     unknown). Its weight is negative.
const (
	fGap = iota
	fText
	fQuality
	fGrowth
	fIntent
	fProximity
	fTies
	fRisk
	nFeatures
)

// placementShare is the share min(1, c/0.45) of what a candidate brings besides its
// fit (quality, growth, intent, proximity, ties) that counts, c its confidence at
// the node it fills: evidence as strong as the node's own industry class code
// counts whole; a weaker placement (a broad label that seldom means this chain)
// counts in proportion, so a firm that probably is not in the chain does not rank
// high for being near, large or well connected.
func placementShare(c float64) float64 { return min(1, c/float64(weightCode)) }

// featureNames are the chainmatch feature names in column order: the order of
// chainmatch.FeatureTable (TestFeatureOrder holds the two together).
var featureNames = [nFeatures]string{chainmatch.FeatureGapFit, chainmatch.FeatureText,
	chainmatch.FeatureQuality, chainmatch.FeatureGrowth, chainmatch.FeatureIntent,
	chainmatch.FeatureProximity, chainmatch.FeatureTies, chainmatch.FeatureRisk}

// flagTicker marks, in Pool.flags beside the tag bits, a record with a ticker:
// its name is a listed short name.
const flagTicker = 1 << 15

// flagForeignName marks, beside the tag bits, a record named only in a foreign
// script (foreignName).
const flagForeignName = 1 << 14

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

func log01(x, decades float64) float64 { return clamp01(math.Log10(1+math.Max(0, x)) / decades) }

func qualityOf(e *chainmatch.Enterprise, fl uint16) float64 {
	var size, ns float64
	if e.RegisteredCapitalWan != nil {
		size += log01(*e.RegisteredCapitalWan, 5)
		ns++
	}
	if e.Employees != nil {
		size += log01(float64(*e.Employees), 4)
		ns++
	}
	if e.RevenueWan != nil {
		size += log01(*e.RevenueWan, 6)
		ns++
	}
	if fl == 0 && ns == 0 && e.Patents == nil {
		return math.NaN()
	}
	b := func(bit uint16) float64 {
		if fl&bit != 0 {
			return 1
		}
		return 0
	}
	sum := .18*b(bitLeader) + .12*b(bitListed) + .10*b(bitTop500) + .05*b(bitSOE) +
		.08*b(bitHighTech) + .07*b(bitSpecialized) + .10*b(bitLittleGiant)
	w := .70
	if ns > 0 {
		sum += .20 * size / ns
		w += .20
	}
	if e.Patents != nil {
		sum += .10 * log01(float64(*e.Patents), 3)
		w += .10
	}
	return sum / w
}

// stName reports whether a listed short name carries a risk warning: ST, *ST,
// S*ST or SST followed by a Chinese name (STMicroelectronics is no warning).
func stName(name string) bool {
	for _, p := range []string{"*ST", "S*ST", "SST", "ST"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			r, _ := utf8.DecodeRuneInString(rest)
			return r >= 0x4E00 && r <= 0x9FFF
		}
	}
	return false
}

// growthStatic returns the time-independent parts of growth (sum and weight).
func growthStatic(e *chainmatch.Enterprise, fl uint16) (sum, w float64) {
	w = .5
	if fl&bitHighGrowth != 0 {
		sum = .5
	}
	if e.RegisteredCapitalWan != nil && e.Employees != nil && *e.Employees > 0 {
		sum += .2 * clamp01(math.Log10(1+*e.RegisteredCapitalWan/float64(*e.Employees))/2)
		w += .2
	}
	return sum, w
}

func riskOf(e *chainmatch.Enterprise) (float64, uint8) {
	var r float64
	var bits uint8
	lit := 0
	name := strings.TrimSpace(e.Name)
	switch {
	case strings.HasPrefix(name, "退市") || strings.HasSuffix(name, "退"):
		bits |= riskBitGone
	case stName(name):
		bits |= riskBitST
	}
	for _, ev := range e.Risks {
		switch ev.Type {
		case chainmatch.RiskDelisted, chainmatch.RiskDeregistered, chainmatch.RiskRevoked:
			bits |= riskBitGone
		case chainmatch.RiskDishonest:
			bits |= riskBitDishonest
		case chainmatch.RiskAbnormal:
			bits |= riskBitAbnormal
		case chainmatch.RiskLitigation:
			bits |= riskBitLitigation
			lit++
		}
	}
	if bits&riskBitDishonest != 0 {
		r += 1
	}
	if bits&riskBitAbnormal != 0 {
		r += .5
	}
	r += .2 * float64(min(lit, 2))
	if bits&riskBitST != 0 {
		r += .6
	}
	if bits&riskBitGone != 0 {
		r += 1
	}
	return math.Min(1, r), bits
}

// growthAt is growth at day (days since 1970) for record i, NaN when unknown.
func (p *Pool) growthAt(i int, nowYear int) float64 {
	fd := p.founded[i]
	known := p.growthW[i] > .5 || p.flags[i]&bitHighGrowth != 0 || fd != 0
	if !known {
		return math.NaN()
	}
	s, w := float64(p.growthS[i]), float64(p.growthW[i])
	if fd != 0 {
		age := float64(nowYear - int(fd/10000))
		s += .3 * clamp01((30-age)/25)
		w += .3
	}
	return s / w
}

var signalWeight = [...]float64{sigOther: 0, sigFinancing: .6, sigBranch: .8, sigExpansion: 1, sigHiring: .25}

// intentAt is intent at day for record i, NaN when unknown.
func (p *Pool) intentAt(i int, day int32) float64 {
	a, b := p.sigOff[i], p.sigOff[i+1]
	if a == b {
		return math.NaN()
	}
	known, other := false, false
	var raw, hire float64
	for k := a; k < b; k++ {
		age := day - p.sigDay[k]
		if age < 0 {
			continue
		}
		known = true
		if age > 3*365 {
			continue
		}
		v := signalWeight[p.sigType[k]] * math.Exp2(-float64(age)/180)
		if p.sigType[k] == sigHiring {
			hire += v
			continue
		}
		if v > 0 {
			other = true
		}
		raw += v
	}
	if !known {
		return math.NaN()
	}
	if other {
		raw += hire
	}
	return 1 - math.Exp(-raw)
}

const (
	earthKm   = 6371.0088
	proxScale = 400.0
	proxSteps = 4096
)

// proxTable[k] = exp(−d(s)/400 km) at s = k/proxSteps, d(s) = 2R asin(s).
type proxTable [proxSteps + 1]float32

func newProxTable() *proxTable {
	var t proxTable
	for k := range t {
		s := float64(k) / proxSteps
		t[k] = float32(math.Exp(-2 * earthKm * math.Asin(s) / proxScale))
	}
	return &t
}

// at returns exp(−d/400 km) for the half chord s = |u − v|/2 of two unit vectors.
func (t *proxTable) at(s float32) float64 {
	x := s * proxSteps
	if x >= proxSteps {
		return float64(t[proxSteps])
	}
	k := int(x)
	f := x - float32(k)
	return float64(t[k] + f*(t[k+1]-t[k]))
}

func halfChord(a, b vec3) float32 {
	dx, dy, dz := a.X-b.X, a.Y-b.Y, a.Z-b.Z
	return float32(math.Sqrt(float64(dx*dx+dy*dy+dz*dz))) / 2
}

// distanceKm is the great-circle distance between two unit vectors.
func distanceKm(a, b vec3) float64 {
	return 2 * earthKm * math.Asin(math.Min(1, float64(halfChord(a, b))))
}
