package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/chainmatch/chainmatch"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus metrics of one server, in their own registry: request
// counts and latencies by route pattern, and what the engine reports (match stage
// timings, index and pool sizes, the store generation).
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	stages     *prometheus.HistogramVec
	indexDocs  *prometheus.GaugeVec
	generation prometheus.Gauge
	loadSecs   prometheus.Gauge
	authFails  prometheus.Counter
	shed       prometheus.Counter
	inFlight   prometheus.Gauge
}

// NewMetrics returns metrics registered with a new registry, with the Go runtime
// and process collectors.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chainmatch_http_requests_total", Help: "HTTP requests by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chainmatch_http_request_duration_seconds", Help: "HTTP request latency by method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route"}),
		stages: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "chainmatch_match_stage_seconds", Help: "Time spent per match stage (retrieve, features, score, explain, ...).",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}, []string{"stage"}),
		indexDocs: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "chainmatch_index_documents", Help: "Documents in the search index and records in the ranker pool, by kind.",
		}, []string{"kind"}),
		generation: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chainmatch_store_generation", Help: "Store generation the engine has loaded.",
		}),
		loadSecs: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chainmatch_engine_load_seconds", Help: "How long the last engine load took.",
		}),
		authFails: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chainmatch_auth_failures_total", Help: "Requests refused for a missing, malformed or unknown token.",
		}),
		shed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chainmatch_http_shed_total", Help: "API requests answered 503 because the server was at capacity.",
		}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chainmatch_http_in_flight", Help: "API requests being served now (the shedding limit counts these).",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.stages, m.indexDocs, m.generation, m.loadSecs, m.authFails, m.shed, m.inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveStage records the duration of one match stage.
func (m *Metrics) ObserveStage(stage string, d time.Duration) {
	m.stages.WithLabelValues(stage).Observe(d.Seconds())
}

// SetIndexSize records how many documents of a kind ("enterprise", "talent") the
// index or pool holds.
func (m *Metrics) SetIndexSize(kind string, docs int) {
	m.indexDocs.WithLabelValues(kind).Set(float64(docs))
}

// ObserveLoad records a load of the engine (engine.Config.Loaded): the store
// generation it serves, the records of each kind and how long the load took.
func (m *Metrics) ObserveLoad(generation int64, enterprises, talents int, took time.Duration) {
	m.SetIndexSize(chainmatch.KindEnterprise, enterprises)
	m.SetIndexSize(chainmatch.KindTalent, talents)
	m.generation.Set(float64(generation))
	m.loadSecs.Set(took.Seconds())
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *Metrics) authFailure() { m.authFails.Inc() }

func (m *Metrics) observeRequest(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(d.Seconds())
}
