package match

import (
	"testing"

	"github.com/chainmatch/chainmatch"
)

func TestRiskFromNamesAndStatus(t *testing.T) {
	tests := []struct {
		name string
		e    chainmatch.Enterprise
		risk float64
		bits uint8
	}{
		{"plain", chainmatch.Enterprise{Name: "春风动力"}, 0, 0},
		{"ST", chainmatch.Enterprise{Name: "ST汇洲"}, .6, riskBitST},
		{"*ST", chainmatch.Enterprise{Name: "*ST铖昌"}, .6, riskBitST},
		{"English ST is no warning", chainmatch.Enterprise{Name: "STMicroelectronics"}, 0, 0},
		{"退 at the end", chainmatch.Enterprise{Name: "海润退"}, 1, riskBitGone},
		{"退市 first", chainmatch.Enterprise{Name: "退市海润"}, 1, riskBitGone},
		{"delisted event", chainmatch.Enterprise{Name: "某股份", Risks: []chainmatch.Event{{Type: chainmatch.RiskDelisted}}}, 1, riskBitGone},
		{"deregistered", chainmatch.Enterprise{Name: "某公司", Risks: []chainmatch.Event{{Type: chainmatch.RiskDeregistered}}}, 1, riskBitGone},
		{"ST and abnormal", chainmatch.Enterprise{Name: "ST某某", Risks: []chainmatch.Event{{Type: chainmatch.RiskAbnormal}}}, 1, riskBitST | riskBitAbnormal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, b := riskOf(&tt.e)
			if r != tt.risk || b != tt.bits {
				t.Fatalf("riskOf(%s) = %v, %b; want %v, %b", tt.e.Name, r, b, tt.risk, tt.bits)
			}
		})
	}
}
