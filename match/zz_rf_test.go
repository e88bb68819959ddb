package match

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestZZRF(t *testing.T) {
	recs := devPool(t)
	tg := NewTagger(realChains(t))
	lf, _ := os.ReadFile("testdata/" + os.Getenv("RF"))
	for _, line := range strings.Split(string(lf), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		e := recs[p[0]]
		best := map[string]chainmatch.NodeTag{}
		for _, nt := range tg.Enterprise(e) {
			if b, ok := best[nt.Chain]; !ok || nt.Confidence > b.Confidence {
				best[nt.Chain] = nt
			}
		}
		for ch, nt := range best {
			ok := strings.Contains(" "+p[1]+" ", " "+ch+"/"+nt.Node+" ")
			ev := ""
			for _, x := range nt.Evidence {
				ev += x.Field + ":" + x.Match + " "
			}
			if !ok {
				fmt.Printf("WRONG %s %s [%s] {%s} placed %s/%s %.2f by %s| want %s | %s\n", p[0], e.Name, e.Industry, e.Scope, ch, nt.Node, nt.Confidence, ev, p[1], p[2])
			}
		}
		for _, w := range strings.Fields(p[1]) {
			if w == "-" {
				continue
			}
			ch := strings.Split(w, "/")[0]
			if _, has := best[ch]; !has {
				fmt.Printf("MISS %s %s [%s] {%s} chain %s | want %s | %s\n", p[0], e.Name, e.Industry, e.Scope, ch, p[1], p[2])
			}
		}
	}
}
