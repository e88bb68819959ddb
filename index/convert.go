package index

import (
	"math"
	"strings"

	"github.com/chainmatch/chainmatch"
)

// EnterpriseDoc is the index document of an enterprise stored under seq. Its
// nodes are its node tags; unknown numbers become NaN. A scope that only repeats
// the industry label (exports often fill one from the other), and each item of
// it that does, is left out (chainmatch.OwnScope): the same words are no second
// piece of evidence; so are the register's headings and approval notes
// (chainmatch.ScopeContent), which would only lengthen the field BM25 reads.
func EnterpriseDoc(seq uint32, e *chainmatch.Enterprise) Doc {
	scope := chainmatch.ScopeContent(chainmatch.OwnScope(e.Scope, e.Industry))
	d := Doc{
		Seq: seq, Kind: chainmatch.KindEnterprise, Key: chainmatch.NormalizeName(e.Name),
		Name: e.Name, NameEN: e.NameEN, Scope: scope, Products: e.Products,
		Industry: e.Industry, IndustryCode: e.IndustryCode,
		Province: e.Province, City: e.City, County: e.County,
		Nodes:      nodeIDs(e.NodeTags),
		CapitalWan: orNaN(e.RegisteredCapitalWan), RevenueWan: orNaN(e.RevenueWan), Employees: math.NaN(),
		FoundedYear: e.FoundedYear(),
	}
	if e.Employees != nil {
		d.Employees = float64(*e.Employees)
	}
	for _, t := range e.Tags {
		d.Tags = append(d.Tags, string(t))
	}
	if e.Lat != nil && e.Lon != nil {
		d.Lat, d.Lon, d.HasGeo = *e.Lat, *e.Lon, true
	}
	return d
}

// TalentDoc is the index document of a talent stored under seq: field and
// expertise are searched as the scope, institution as products, title and
// degree as the industry label. A talent located in a county is filtered by
// that county, its city and province; one abroad has no region.
func TalentDoc(seq uint32, t *chainmatch.Talent) Doc {
	d := Doc{
		Seq: seq, Kind: chainmatch.KindTalent, Key: chainmatch.NormalizeName(t.Name), Name: t.Name,
		Scope:      strings.TrimSpace(t.Field + "；" + t.Expertise),
		Products:   t.Institution,
		Industry:   strings.TrimSpace(t.Title + " " + t.Degree),
		Nodes:      nodeIDs(t.NodeTags),
		Tags:       nil,
		CapitalWan: math.NaN(), Employees: math.NaN(), RevenueWan: math.NaN(),
	}
	if chainmatch.IsDivisionCode(t.Location) {
		d.County, d.City, d.Province = t.Location, t.Location[:4]+"00", t.Location[:2]
	}
	return d
}

func nodeIDs(tags []chainmatch.NodeTag) []string {
	out := make([]string, 0, len(tags))
	for _, nt := range tags {
		id := nt.Chain + "/" + nt.Node
		dup := false
		for _, o := range out {
			if o == id {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, id)
		}
	}
	return out
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
