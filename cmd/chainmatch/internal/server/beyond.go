package server

import (
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/chainmatch/chainmatch"
)

func (s *Server) planner() (Planner, error) {
	if s.deps.Planner == nil {
		return nil, fmt.Errorf("planner: %w", chainmatch.ErrUnavailable)
	}
	return s.deps.Planner, nil
}

// cityMatch answers POST /api/v1/match with "city": every county of the city
// ranked, each enterprise given to one county (dislocation), and the conflicts.
func (s *Server) cityMatch(w http.ResponseWriter, r *http.Request, b *matchBody) error {
	p, err := s.planner()
	if err != nil {
		return err
	}
	wt, err := s.resolveWeights(r.Context(), weightsRef{Name: b.WeightsName, Version: b.WeightsVersion, Weights: b.Weights})
	if err != nil {
		return err
	}
	req := b.MatchRequest
	req.Weights = wt
	res, err := p.CityMatch(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// countyView answers GET /api/v1/counties/{code}/view?chain=ID&per_node=N: per
// gap node, the enterprises and the talents to bring in.
func (s *Server) countyView(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planner()
	if err != nil {
		return err
	}
	chain := r.URL.Query().Get("chain")
	if chain == "" {
		return chainmatch.FieldErrors{"chain": "required"}
	}
	per, err := intParam(r, "per_node", 5, 1, 200)
	if err != nil {
		return err
	}
	wt, err := s.resolveWeights(r.Context(), weightsRef{Name: r.URL.Query().Get("weights")})
	if err != nil {
		return err
	}
	v, err := p.CountyView(r.Context(), chi.URLParam(r, "code"), chain, per, wt)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// fitBody is the body of POST /api/v1/weights/fit: outcomes (empty: those
// recorded in the database), the prior profile, and whether and under which name
// to save the fit.
type fitBody struct {
	FitRequest
	Prior weightsRef `json:"prior"`
	Save  bool       `json:"save,omitempty"`
	Name  string     `json:"name,omitempty"` // default: the prior's name
}

// fitWeights learns weights from outcomes and, with "save", stores them as the
// next version of the profile.
func (s *Server) fitWeights(w http.ResponseWriter, r *http.Request) error {
	p, err := s.planner()
	if err != nil {
		return err
	}
	var b fitBody
	if err := s.decode(w, r, &b); err != nil {
		return err
	}
	prior, err := s.resolveWeights(r.Context(), b.Prior)
	if err != nil {
		return prefixFields(err, "prior")
	}
	req := b.FitRequest
	req.Prior = prior
	if len(req.Outcomes) == 0 {
		if req.Outcomes, err = s.deps.Store.Outcomes(r.Context(), ""); err != nil {
			return err
		}
	}
	wt, report, err := p.Fit(r.Context(), req)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if b.Save {
		if b.Name != "" {
			wt.Name = b.Name
		}
		wt.Author = who(r.Context())
		if err := s.deps.Store.SaveWeights(r.Context(), &wt); err != nil {
			return err
		}
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{"saved": b.Save, "weights": wt, "fit": report})
	return nil
}
