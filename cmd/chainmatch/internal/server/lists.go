package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

// createListBody makes a list from a match: the match request, the weights to
// use, and the list's name and owner.
type createListBody struct {
	matchBody
	Name  string `json:"name"`
	Owner string `json:"owner,omitempty"`
}

func (s *Server) createList(w http.ResponseWriter, r *http.Request) error {
	var b createListBody
	if err := s.decode(w, r, &b); err != nil {
		return err
	}
	if strings.TrimSpace(b.Name) == "" {
		return fmt.Errorf("create list: %w", chainmatch.FieldErrors{"name": "required"})
	}
	res, err := s.runMatch(r.Context(), &b.matchBody)
	if err != nil {
		return err
	}
	// The list keeps the match request that made it (filters, quotas, preset), so
	// it can be made again; the weights it used are its WeightsName and Version.
	made := b.MatchRequest
	made.Weights = nil
	filters, err := json.Marshal(made)
	if err != nil {
		return fmt.Errorf("create list: %w", err)
	}
	l := &store.List{Name: b.Name, County: b.County, Chain: b.Chain, WeightsName: res.Weights.Name,
		WeightsVersion: res.Weights.Version, Filters: filters, Owner: b.Owner}
	for _, t := range res.Targets {
		l.Items = append(l.Items, store.Item{Target: t})
	}
	if err := s.deps.Store.CreateList(r.Context(), l, who(r.Context())); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, l)
	return nil
}

func (s *Server) listLists(w http.ResponseWriter, r *http.Request) error {
	lists, err := s.deps.Store.Lists(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, lists)
	return nil
}

func (s *Server) getList(w http.ResponseWriter, r *http.Request) error {
	l, err := s.deps.Store.List(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func itemParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "item"), 10, 64)
	if err != nil || id <= 0 {
		return 0, malformed("item", "must be a positive integer item id")
	}
	return id, nil
}

func (s *Server) getItem(w http.ResponseWriter, r *http.Request) error {
	id, err := itemParam(r)
	if err != nil {
		return err
	}
	it, err := s.deps.Store.Item(r.Context(), chi.URLParam(r, "id"), id)
	if err != nil {
		return err
	}
	hist, err := s.deps.Store.ItemHistory(r.Context(), id)
	if err != nil {
		return err
	}
	if hist == nil {
		hist = []store.StatusChange{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"item": it, "history": hist})
	return nil
}

// addItems puts enterprises or talents found elsewhere (search, a colleague) on a
// list by id.
func (s *Server) addItems(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		EnterpriseIDs []string `json:"enterprise_ids"`
		TalentIDs     []string `json:"talent_ids"`
	}
	if err := s.decode(w, r, &b); err != nil {
		return err
	}
	if len(b.EnterpriseIDs)+len(b.TalentIDs) == 0 {
		return fmt.Errorf("add items: %w", chainmatch.FieldErrors{"enterprise_ids": "give at least one enterprise or talent id"})
	}
	by := who(r.Context())
	reason := []chainmatch.Reason{{ZH: "由 " + by + " 手动加入", EN: "added by hand by " + by}}
	fe := chainmatch.FieldErrors{}
	var targets []chainmatch.Target
	for i, id := range b.EnterpriseIDs {
		e, err := s.deps.Engine.Enterprise(r.Context(), id)
		if isNotFound(err) {
			fe.Add(fmt.Sprintf("enterprise_ids[%d]", i), fmt.Sprintf("no enterprise %q", id))
			continue
		}
		if err != nil {
			return err
		}
		targets = append(targets, chainmatch.Target{Enterprise: e.Summary(), Contributions: map[string]float64{}, Reasons: reason})
	}
	for i, id := range b.TalentIDs {
		t, _, err := s.deps.Store.Talent(r.Context(), id)
		if isNotFound(err) {
			fe.Add(fmt.Sprintf("talent_ids[%d]", i), fmt.Sprintf("no talent %q", id))
			continue
		}
		if err != nil {
			return err
		}
		targets = append(targets, chainmatch.Target{Talent: t.Summary(), Contributions: map[string]float64{}, Reasons: reason})
	}
	if err := fe.Err(); err != nil {
		return fmt.Errorf("add items: %w", err)
	}
	items, err := s.deps.Store.AddItems(r.Context(), chi.URLParam(r, "id"), targets, by)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, items)
	return nil
}

func (s *Server) updateItem(w http.ResponseWriter, r *http.Request) error {
	id, err := itemParam(r)
	if err != nil {
		return err
	}
	var u store.ItemUpdate
	if err := s.decode(w, r, &u); err != nil {
		return err
	}
	it, err := s.deps.Store.UpdateItem(r.Context(), chi.URLParam(r, "id"), id, u, who(r.Context()))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, it)
	return nil
}

func (s *Server) removeItem(w http.ResponseWriter, r *http.Request) error {
	id, err := itemParam(r)
	if err != nil {
		return err
	}
	if err := s.deps.Store.RemoveItem(r.Context(), chi.URLParam(r, "id"), id, who(r.Context())); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
