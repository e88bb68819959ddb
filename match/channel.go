package match

import (
	"fmt"
	"math"

	"github.com/chainmatch/chainmatch"
)

// nearStationKm is how close a liaison station or chamber in another province must
// be to a candidate (and closer than the county) to be its channel.
const nearStationKm = 300

// anchor is a chain leader the county reaches others through (以商引商): a leader
// record located in the county, or a leader or partner its profile names.
type anchor struct {
	name, nameEN string
	norm         string // normalised name, to skip the anchor itself as a candidate
	node         int    // node index in the chain
	local        bool
	source       *chainmatch.Source
}

// link is an anchor adjacent to a node along a supply edge: the node supplies it
// (supplier) or buys from it (customer).
type link struct {
	a        int // index into channelCtx.anchors
	supplier bool
}

// channelCtx is what channel choice needs of a county and chain, built once per
// request.
type channelCtx struct {
	anchors []anchor
	links   [][]link // per chain node
	leader  *chainmatch.Channel
	fund    *chainmatch.Channel
	visit   *chainmatch.Channel
	// placed channels: stations, chambers and ambassadors with a location in China,
	// and overseas channels by country.
	placed   []placedChannel
	overseas map[string]*chainmatch.Channel
	// generic overseas channel and ambassador without a location
	overseasAny *chainmatch.Channel
	ambassador  *chainmatch.Channel
	// named is true when the county's profile names local firms located elsewhere
	// (the scorer then checks Pool.localOf too).
	named bool
}

type placedChannel struct {
	c     *chainmatch.Channel
	city  int32
	prov  uint8
	pt    vec3
	hasPt bool
}

func (x *rankCtx) newChannelCtx() *channelCtx {
	p, county, ch := x.p, x.county, x.ch
	cc := &channelCtx{links: make([][]link, len(ch.Nodes)), overseas: map[string]*chainmatch.Channel{},
		named: len(p.region.named[x.home]) > 0}
	for k := range county.Channels {
		c := &county.Channels[k]
		city, prov, country := where(c.Where)
		switch {
		case c.Type == chainmatch.LeaderNetwork && cc.leader == nil:
			cc.leader = c
		case c.Type == chainmatch.Fund && cc.fund == nil:
			cc.fund = c
		case c.Type == chainmatch.DirectVisit && cc.visit == nil:
			cc.visit = c
		case country != "":
			if cc.overseas[country] == nil {
				cc.overseas[country] = c
			}
		case c.Type == chainmatch.OverseasAssoc && cc.overseasAny == nil:
			cc.overseasAny = c
		case (c.Type == chainmatch.LiaisonStation || c.Type == chainmatch.Chamber || c.Type == chainmatch.Ambassador) &&
			(city != 0 || prov != 0):
			pc := placedChannel{c: c, city: city, prov: prov}
			if v, ok := p.cityPoint[city]; ok && city != 0 {
				pc.pt, pc.hasPt = v, true
			} else if v, ok := p.provPoint[prov]; ok && prov != 0 {
				pc.pt, pc.hasPt = v, true
			}
			cc.placed = append(cc.placed, pc)
		case c.Type == chainmatch.Ambassador && cc.ambassador == nil:
			cc.ambassador = c
		}
	}
	// Anchors: leader records of the county in the chain, then the profile's.
	seen := map[string]bool{}
	for _, l := range x.s.leaders {
		if !p.isLocal(l.rec, x.home) {
			continue
		}
		name := p.str(int(l.rec), strName)
		norm := chainmatch.NormalizeName(name)
		if seen[norm+"|"+fmt.Sprint(l.node)] {
			continue
		}
		seen[norm+"|"+fmt.Sprint(l.node)] = true
		cc.anchors = append(cc.anchors, anchor{name: name, nameEN: p.str(int(l.rec), strNameEN), norm: norm,
			node: int(l.node), local: true})
	}
	for k := range county.Enterprises {
		pe := &county.Enterprises[k]
		if pe.Chain != ch.ID || (pe.Role != chainmatch.RoleLeader && pe.Role != chainmatch.RolePartner) {
			continue
		}
		name := orName(pe.Name, pe.NameEN)
		norm := chainmatch.NormalizeName(name)
		for _, id := range pe.Nodes {
			n := nodeIndex(ch, id)
			if n < 0 || seen[norm+"|"+fmt.Sprint(n)] {
				continue
			}
			seen[norm+"|"+fmt.Sprint(n)] = true
			cc.anchors = append(cc.anchors, anchor{name: name, nameEN: orName(pe.NameEN, pe.Name), norm: norm,
				node: n, local: pe.Local(), source: pe.Source})
		}
	}
	for a, an := range cc.anchors {
		for _, e := range ch.Edges {
			from, to := nodeIndex(ch, e.From), nodeIndex(ch, e.To)
			switch {
			case to == an.node && from >= 0:
				cc.links[from] = append(cc.links[from], link{a, true})
			case from == an.node && to >= 0:
				cc.links[to] = append(cc.links[to], link{a, false})
			}
		}
	}
	return cc
}

// channel chooses how to reach record i (set position j) filling chain node node,
// and says why, taking the first that applies:
//
//  1. a liaison station, chamber or ambassador of the county in the candidate's city;
//  2. one in the candidate's province, when that is not the county's own province;
//  3. for a foreign-funded candidate (or one from Hong Kong, Macau or Taiwan) whose
//     country is known, the county's overseas association or station in that country;
//  4. the nearest station or chamber within 300 km of a candidate outside the
//     county's province and nearer to it than the county (never from a province
//     centroid: a candidate known only to its province has no distance);
//  5. 以商引商: a chain leader of the county, or a leader partner its profile names,
//     whose node the candidate supplies or buys from along a supply edge at the node
//     the candidate fills;
//  6. the county's fund, when the candidate has raised money in the past year;
//  7. a foreign-funded candidate of unknown country: the county's overseas channel
//     without a location;
//  8. a candidate outside the county's province: the county's ambassadors (乡贤)
//     when the profile names them;
//  9. a direct visit: the county's own direct-visit channel, else a plain one.
func (x *rankCtx) channel(i, j int32, node int) (*chainmatch.Channel, *chainmatch.Reason) {
	p, cc := x.p, x.chn
	because := func(zh, en string) *chainmatch.Reason { return &chainmatch.Reason{ZH: zh, EN: en} }
	city, prov := p.city[i], p.prov[i]
	cityName, provName := p.cityName[city], p.provName[prov]
	for k := range cc.placed {
		if pc := &cc.placed[k]; city != 0 && pc.city == city {
			return pc.c, because("本县在"+cityName+"设有"+pc.c.Name+"，与企业同城",
				fmt.Sprintf("the county's %s is in the candidate's city", orName(pc.c.NameEN, pc.c.Name)))
		}
	}
	if prov != 0 && prov != x.prov {
		for k := range cc.placed {
			if pc := &cc.placed[k]; pc.prov == prov {
				return pc.c, because("本县在"+provName+"设有"+pc.c.Name+"，与企业同省",
					fmt.Sprintf("the county's %s is in the candidate's province", orName(pc.c.NameEN, pc.c.Name)))
			}
		}
	}
	foreign := p.flags[i]&bitForeign != 0
	if cn := p.country[i]; cn != [2]byte{} {
		if c := cc.overseas[string(cn[:])]; c != nil {
			return c, because(fmt.Sprintf("外资/境外企业（%s），经本县在当地的%s对接", string(cn[:]), c.Name),
				fmt.Sprintf("foreign-funded or offshore (%s): through the county's %s there", string(cn[:]), orName(c.NameEN, c.Name)))
		}
	}
	if pt := p.pt[i]; pt.X == pt.X && prov != x.prov && !p.provinceOnly(i) {
		var best *placedChannel
		bd := math.Inf(1)
		for k := range cc.placed {
			pc := &cc.placed[k]
			if !pc.hasPt {
				continue
			}
			if d := distanceKm(pt, pc.pt); d < bd {
				best, bd = pc, d
			}
		}
		if best != nil && bd <= nearStationKm && (!x.hasPt || bd < distanceKm(pt, x.cpt)) {
			return best.c, because(fmt.Sprintf("%s距企业约%.0f公里，比本县更近", best.c.Name, bd),
				fmt.Sprintf("%s is about %.0f km from the candidate, nearer than the county", orName(best.c.NameEN, best.c.Name), bd))
		}
	}
	if c, r, ok := x.leaderChannel(i, node); ok {
		return c, r
	}
	if cc.fund != nil && x.hasFinancing(i) {
		return cc.fund, because("企业近一年有融资，经"+cc.fund.Name+"以基金招商",
			"raised money in the past year: through "+orName(cc.fund.NameEN, cc.fund.Name))
	}
	if foreign && cc.overseasAny != nil {
		return cc.overseasAny, because("外资企业（国别未知），经"+cc.overseasAny.Name+"对接",
			"foreign-funded, country unknown: through "+orName(cc.overseasAny.NameEN, cc.overseasAny.Name))
	}
	if cc.ambassador != nil && prov != 0 && prov != x.prov {
		return cc.ambassador, because("省外企业，无就近联络站，经本县招商大使（乡贤）对接",
			"outside the province with no station near: through the county's ambassadors")
	}
	visit := cc.visit
	if visit == nil {
		visit = &chainmatch.Channel{Type: chainmatch.DirectVisit, Name: "上门招商", NameEN: "Direct visit"}
	}
	if prov != 0 && prov == x.prov {
		return visit, because("省内企业，上门拜访", "in the county's province: visit directly")
	}
	return visit, because("无联络站、商会、链主或基金渠道可及，上门招商",
		"no station, chamber, chain leader or fund reaches it: visit directly")
}

// leaderChannel is rule 5 of channel: an anchor adjacent to the node the candidate
// fills.
func (x *rankCtx) leaderChannel(i int32, node int) (*chainmatch.Channel, *chainmatch.Reason, bool) {
	cc := x.chn
	if len(cc.anchors) == 0 {
		return nil, nil, false
	}
	self := chainmatch.NormalizeName(x.p.str(int(i), strName))
	pick := func(n int) (link, bool) {
		for _, l := range cc.links[n] {
			if cc.anchors[l.a].norm != self {
				return l, true
			}
		}
		return link{}, false
	}
	l, ok := pick(node)
	at := node
	if !ok {
		return nil, nil, false
	}
	a := &cc.anchors[l.a]
	n, an := &x.ch.Nodes[at], &x.ch.Nodes[a.node]
	where, whereEN := "本地链主", "local chain leader"
	if !a.local {
		where, whereEN = "合作链主", "partner chain leader"
	}
	rel, relEN := "下游客户", "customer"
	if l.supplier {
		rel, relEN = "上游供应商", "supplier"
	}
	c := &chainmatch.Channel{Type: chainmatch.LeaderNetwork, Name: "以商引商：" + where + a.name,
		NameEN: "Through " + whereEN + " " + a.nameEN, Where: x.county.Code, Source: a.source}
	if cc.leader != nil && c.Source == nil {
		c.Source = cc.leader.Source
	}
	r := &chainmatch.Reason{
		ZH: fmt.Sprintf("企业在“%s”环节，是%s%s（%s）的%s", n.Name, where, a.name, an.Name, rel),
		EN: fmt.Sprintf("at %s, a %s of %s %s (%s)", n.NameEN, relEN, whereEN, a.nameEN, an.NameEN)}
	return c, r, true
}

// channelMatch returns the county's chamber, liaison station or ambassador in the
// record's city (then, unless cityOnly, province), preferring chambers. The ties
// reason names it.
func (x *rankCtx) channelMatch(i int32, cityOnly bool) *chainmatch.Channel {
	p := x.p
	for _, level := range []int{0, 1} {
		if level == 1 && cityOnly {
			break
		}
		for _, typ := range []chainmatch.ChannelType{chainmatch.Chamber, chainmatch.LiaisonStation, chainmatch.Ambassador} {
			for k := range x.county.Channels {
				c := &x.county.Channels[k]
				if c.Type != typ {
					continue
				}
				city, prov, _ := where(c.Where)
				if level == 0 && city != 0 && city == p.city[i] {
					return c
				}
				if level == 1 && p.prov[i] != 0 && (prov == p.prov[i] || uint8(city/10000) == p.prov[i]) {
					return c
				}
			}
		}
	}
	return nil
}

// hasFinancing reports a financing signal of record i in the year before the request.
func (x *rankCtx) hasFinancing(i int32) bool {
	p := x.p
	for k := p.sigOff[i]; k < p.sigOff[i+1]; k++ {
		if p.sigType[k] == sigFinancing && p.sigDay[k] <= x.day && x.day-p.sigDay[k] <= 365 {
			return true
		}
	}
	return false
}
