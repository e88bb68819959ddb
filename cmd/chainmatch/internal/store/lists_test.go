package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/chainmatch/chainmatch"
)

func target(id, name string, score float64) chainmatch.Target {
	return chainmatch.Target{
		Enterprise:    &chainmatch.EnterpriseSummary{ID: id, Name: name, County: "330782"},
		Score:         score,
		Node:          "frame",
		Contributions: map[string]float64{chainmatch.FeatureGapFit: score / 2, chainmatch.FeatureQuality: score / 2},
		Reasons:       []chainmatch.Reason{{Feature: chainmatch.FeatureGapFit, ZH: "补链", EN: "fills a gap"}},
		Channel:       &chainmatch.Channel{Type: chainmatch.Chamber, Name: "缙云商会"},
	}
}

func TestListWorkflow(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		l := &List{Name: "Q4 短交通", County: "331122", Chain: "short-distance-transport", WeightsName: "default", WeightsVersion: 2,
			Filters: json.RawMessage(`{"limit":2}`),
			Items:   []Item{{Target: target("e1", "甲", 0.9)}, {Target: target("e2", "乙", 0.8)}}}
		if err := s.CreateList(ctx, l, "alice"); err != nil {
			t.Fatal(err)
		}
		if l.ID == "" || len(l.Items) != 2 || l.Items[0].Target.Rank != 1 || l.Items[1].Target.Rank != 2 {
			t.Fatalf("created %+v", l)
		}
		if _, err := s.AddItems(ctx, l.ID, []chainmatch.Target{target("e1", "甲", 0.9)}, "alice"); !errors.Is(err, chainmatch.ErrConflict) {
			t.Errorf("duplicate item: %v, want ErrConflict", err)
		}
		added, err := s.AddItems(ctx, l.ID, []chainmatch.Target{target("e3", "丙", 0.5)}, "alice")
		if err != nil || len(added) != 1 || added[0].Target.Rank != 3 {
			t.Fatalf("add: %+v %v", added, err)
		}
		if _, err := s.AddItems(ctx, "l-missing", []chainmatch.Target{target("e4", "丁", 0.5)}, "alice"); !errors.Is(err, chainmatch.ErrNotFound) {
			t.Errorf("add to missing list: %v", err)
		}
		item := l.Items[0].ID
		st := func(s chainmatch.Status) *chainmatch.Status { return &s }
		notes := "见了董事长"
		steps := []struct {
			name string
			u    ItemUpdate
			want error
		}{
			{"contacted", ItemUpdate{Status: st(chainmatch.StatusContacted)}, nil},
			{"visited with notes", ItemUpdate{Status: st(chainmatch.StatusVisited), Notes: &notes}, nil},
			{"back to contacted", ItemUpdate{Status: st(chainmatch.StatusContacted)}, chainmatch.ErrConflict},
			{"unknown status", ItemUpdate{Status: st("won")}, chainmatch.ErrInvalid},
			{"signed", ItemUpdate{Status: st(chainmatch.StatusSigned)}, nil},
		}
		for _, step := range steps {
			_, err := s.UpdateItem(ctx, l.ID, item, step.u, "bob")
			if step.want == nil && err != nil || step.want != nil && !errors.Is(err, step.want) {
				t.Errorf("%s: %v, want %v", step.name, err, step.want)
			}
		}
		if _, err := s.UpdateItem(ctx, l.ID, 99999, ItemUpdate{Notes: &notes}, "bob"); !errors.Is(err, chainmatch.ErrNotFound) {
			t.Errorf("missing item: %v", err)
		}
		got, err := s.List(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != 3 || got.WeightsVersion != 2 || string(got.Filters) != `{"limit":2}` {
			t.Fatalf("list %+v", got)
		}
		first := got.Items[0]
		if first.Status != chainmatch.StatusSigned || first.Notes != notes || first.UpdatedBy != "bob" ||
			first.Target.Enterprise.Name != "甲" || first.Target.Channel.Name != "缙云商会" || first.Target.Contributions[chainmatch.FeatureGapFit] != 0.45 {
			t.Errorf("first item %+v", first)
		}
		hist, err := s.ItemHistory(ctx, item)
		if err != nil || len(hist) != 3 || hist[0].From != chainmatch.StatusCandidate || hist[2].To != chainmatch.StatusSigned || hist[1].By != "bob" || hist[1].At.IsZero() {
			t.Errorf("history %+v %v", hist, err)
		}
		outs, err := s.Outcomes(ctx, "331122")
		if err != nil || len(outs) != 3 || outs[2].Type != chainmatch.StatusSigned || outs[2].SubjectID != "e1" || outs[2].Chain != "short-distance-transport" {
			t.Errorf("outcomes %+v %v", outs, err)
		}
		if err := s.RemoveItem(ctx, l.ID, item, "bob"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.List(ctx, l.ID); len(got.Items) != 2 {
			t.Errorf("after remove: %d items", len(got.Items))
		}
		audit, err := s.Audit(ctx, "list/"+l.ID, 0)
		if err != nil || len(audit) < 4 {
			t.Fatalf("audit %d %v", len(audit), err)
		}
		if audit[0].What != "item.remove" || audit[0].Who != "bob" || string(audit[0].After) != "null" {
			t.Errorf("newest audit %+v", audit[0])
		}
		lists, err := s.Lists(ctx)
		if err != nil || len(lists) != 1 || lists[0].ID != l.ID {
			t.Errorf("lists %+v %v", lists, err)
		}
	})
}

func TestWeightsVersions(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		for i, beta := range []float64{0.3, 0.4} {
			w := &chainmatch.Weights{Name: "jinyun", Author: "carol", County: "331122",
				Beta: map[string]float64{chainmatch.FeatureGapFit: beta}, Gap: map[string]float64{chainmatch.GapPartAbsence: 1}}
			if err := s.SaveWeights(ctx, w); err != nil {
				t.Fatal(err)
			}
			if w.Version != i+1 {
				t.Errorf("save %d: version %d", i, w.Version)
			}
		}
		bad := &chainmatch.Weights{Name: "jinyun", Beta: map[string]float64{"luck": 1}}
		if err := s.SaveWeights(ctx, bad); !errors.Is(err, chainmatch.ErrInvalid) || chainmatch.Fields(err)["beta.luck"] == "" {
			t.Errorf("bad weights: %v", err)
		}
		latest, err := s.Weights(ctx, "jinyun", 0)
		if err != nil || latest.Version != 2 || latest.Beta[chainmatch.FeatureGapFit] != 0.4 || latest.Author != "carol" {
			t.Errorf("latest %+v %v", latest, err)
		}
		v1, err := s.Weights(ctx, "jinyun", 1)
		if err != nil || v1.Beta[chainmatch.FeatureGapFit] != 0.3 {
			t.Errorf("v1 %+v %v", v1, err)
		}
		if _, err := s.Weights(ctx, "nope", 0); !errors.Is(err, chainmatch.ErrNotFound) {
			t.Errorf("missing: %v", err)
		}
		all, err := s.WeightProfiles(ctx)
		if err != nil || len(all) != 2 {
			t.Errorf("profiles %d %v", len(all), err)
		}
		audit, err := s.Audit(ctx, "weights/jinyun", 10)
		if err != nil || len(audit) != 2 || string(audit[1].Before) != "null" || audit[0].Who != "carol" {
			t.Fatalf("audit %+v %v", audit, err)
		}
		var before chainmatch.Weights
		if err := json.Unmarshal(audit[0].Before, &before); err != nil || before.Version != 1 {
			t.Errorf("audit before %s: %v", audit[0].Before, err)
		}
	})
}

func TestUsers(t *testing.T) {
	backends(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		u, token, err := s.AddUser(ctx, "dave", chainmatch.RoleEditor, "admin")
		if err != nil {
			t.Fatal(err)
		}
		if len(token) < 30 || u.Role != chainmatch.RoleEditor {
			t.Errorf("user %+v token %q", u, token)
		}
		got, err := s.UserByToken(ctx, token)
		if err != nil || got.Name != "dave" || got.Role != chainmatch.RoleEditor {
			t.Errorf("by token: %+v %v", got, err)
		}
		if _, err := s.UserByToken(ctx, token+"x"); !errors.Is(err, chainmatch.ErrNotFound) {
			t.Errorf("wrong token: %v", err)
		}
		if _, _, err := s.AddUser(ctx, "dave", chainmatch.RoleViewer, "admin"); !errors.Is(err, chainmatch.ErrConflict) {
			t.Errorf("duplicate: %v", err)
		}
		if _, _, err := s.AddUser(ctx, "erin", "boss", "admin"); chainmatch.Fields(err)["role"] == "" {
			t.Errorf("bad role: %v", err)
		}
		var stored string
		if err := s.db.QueryRow(s.q(`SELECT token_hash FROM users WHERE name = ?`), "dave").Scan(&stored); err != nil || stored == token || stored != TokenHash(token) {
			t.Errorf("stored %q", stored)
		}
		if err := s.DeleteUser(ctx, "dave", "admin"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, token); !errors.Is(err, chainmatch.ErrNotFound) {
			t.Errorf("deleted user's token: %v", err)
		}
	})
}
