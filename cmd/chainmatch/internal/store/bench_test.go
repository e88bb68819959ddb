package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/chainmatch/chainmatch"
)

// syntheticEnterprise is a synthetic record (generated here, not real data) of a
// typical size for import benchmarks; two in three carry a (synthetic, valid) USCC.
func syntheticEnterprise(i int) *chainmatch.Enterprise {
	uscc := ""
	if i%3 != 0 {
		uscc = validUSCC("91331122", fmt.Sprintf("%08d", i))
	}
	return &chainmatch.Enterprise{
		USCC:                 uscc,
		Name:                 fmt.Sprintf("合成测试企业%07d有限公司", i),
		County:               "331122",
		City:                 "331100",
		Province:             "33",
		Founded:              "2015-06-01",
		RegisteredCapitalWan: ptr(float64(i%5000 + 100)),
		Employees:            ptr(i % 900),
		Scope:                "电动自行车、摩托车零部件的研发、制造与销售；五金配件加工；货物进出口。",
		Tags:                 []chainmatch.Tag{chainmatch.TagHighTech},
		NodeTags:             []chainmatch.NodeTag{{Chain: "short-distance-transport", Node: "frame", Confidence: 0.8}},
		Source:               "synthetic",
	}
}

// importSynthetic stores syntheticEnterprise(0..n-1) in one import.
func importSynthetic(tb testing.TB, s *Store, n int) {
	tb.Helper()
	ctx := context.Background()
	err := s.Import(ctx, func(tx *ImportTx) error {
		for i := 0; i < n; i++ {
			if _, err := tx.UpsertEnterprise(ctx, syntheticEnterprise(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImport upserts b.N new synthetic enterprises in one transaction.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir(), "")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	b.ResetTimer()
	importSynthetic(b, s, b.N)
}

// BenchmarkEnterprises streams 100,000 stored synthetic enterprises per iteration.
func BenchmarkEnterprises(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, b.TempDir(), "")
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n = 100_000
	importSynthetic(b, s, n)
	b.ResetTimer()
	for range b.N {
		count := 0
		if err := s.Enterprises(ctx, func(seq int64, e *chainmatch.Enterprise) error { count++; return nil }); err != nil {
			b.Fatal(err)
		}
		if count != n {
			b.Fatalf("streamed %d", count)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
}
