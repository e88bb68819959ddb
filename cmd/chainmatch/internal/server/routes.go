package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// routes lists every route of the API, with the permission each needs.
func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(withRequestID, s.observe)
	r.NotFound(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNoRoute(r) }))
	r.MethodNotAllowed(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errMethod(r) }))

	pub := r.With(s.require(permPublic))
	pub.Get("/healthz", s.handle(s.healthz))
	pub.Get("/readyz", s.handle(s.readyz))
	pub.Method(http.MethodGet, "/metrics", s.metrics.Handler())
	pub.Get("/api/openapi.yaml", s.handle(s.openAPI))

	// Imports may take longer than other requests: they have their own time limit
	// and their own bound on how many run at once.
	r.With(s.require(permImport), s.limitImports).Post("/api/v1/import", s.handle(s.importData))

	r.Group(func(r chi.Router) {
		r.Use(s.limitInFlight, timeout(s.deps.RequestTimeout))
		read := r.With(s.require(permRead))
		read.Get("/api/v1/me", s.handle(s.me))
		read.Get("/api/v1/chains", s.handle(s.listChains))
		read.Get("/api/v1/chains/{id}", s.handle(s.getChain))
		read.Get("/api/v1/counties", s.handle(s.listCounties))
		read.Get("/api/v1/counties/{code}", s.handle(s.getCounty))
		read.Get("/api/v1/counties/{code}/gaps", s.handle(s.countyGaps))
		read.Get("/api/v1/counties/{code}/view", s.handle(s.countyView))
		read.Get("/api/v1/enterprises", s.handle(s.searchEnterprises))
		read.Get("/api/v1/enterprises/{id}", s.handle(s.getEnterprise))
		read.Post("/api/v1/match", s.handle(s.match))
		read.Post("/api/v1/weights/ahp", s.handle(s.ahp))
		read.Get("/api/v1/weights", s.handle(s.listWeights))
		read.Get("/api/v1/weights/{name}", s.handle(s.getWeights))
		read.Get("/api/v1/lists", s.handle(s.listLists))
		read.Get("/api/v1/lists/{id}", s.handle(s.getList))
		read.Get("/api/v1/lists/{id}/items/{item}", s.handle(s.getItem))
		read.Get("/api/v1/lists/{id}/export", s.handle(s.exportList))
		read.Get("/api/v1/outcomes", s.handle(s.listOutcomes))

		weights := r.With(s.require(permWeights))
		weights.Post("/api/v1/weights", s.handle(s.saveWeights))
		weights.Post("/api/v1/weights/sandbox", s.handle(s.sandbox))
		weights.Post("/api/v1/weights/fit", s.handle(s.fitWeights))

		lists := r.With(s.require(permLists))
		lists.Post("/api/v1/lists", s.handle(s.createList))
		lists.Post("/api/v1/lists/{id}/items", s.handle(s.addItems))
		lists.Patch("/api/v1/lists/{id}/items/{item}", s.handle(s.updateItem))
		lists.Delete("/api/v1/lists/{id}/items/{item}", s.handle(s.removeItem))
		lists.Post("/api/v1/lists/{id}/import", s.handle(s.importList))
		lists.Post("/api/v1/outcomes", s.handle(s.addOutcome))

		// The web UI's labels and the analyst's backtest (issue 12).
		read.Get("/api/v1/features", s.handle(s.features))
		weights.Post("/api/v1/eval", s.handle(s.eval))

		users := r.With(s.require(permUsers))
		users.Get("/api/v1/users", s.handle(s.listUsers))
		users.Post("/api/v1/users", s.handle(s.addUser))
		users.Delete("/api/v1/users/{name}", s.handle(s.deleteUser))
		users.Get("/api/v1/audit", s.handle(s.listAudit))
	})
	return r
}
