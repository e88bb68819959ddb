package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/chainmatch/chainmatch"
)

// perm is what a route needs.
type perm int

const (
	permPublic  perm = iota // no identity needed (health, metrics, the OpenAPI document)
	permRead                // every role
	permLists               // target lists and outcomes: editor, admin
	permImport              // data imports: editor, admin
	permWeights             // weight profiles and sandbox comparisons: analyst, admin
	permUsers               // users and the audit log: admin
)

func (p perm) String() string {
	return [...]string{"public", "read", "edit lists", "import", "edit weights", "manage users"}[p]
}

// rolePerms says what each role may do: admin everything; analyst and editor are
// different sets on top of viewer's reading.
var rolePerms = map[string][]perm{
	chainmatch.RoleViewer:  {permRead},
	chainmatch.RoleEditor:  {permRead, permLists, permImport},
	chainmatch.RoleAnalyst: {permRead, permWeights},
	chainmatch.RoleAdmin:   {permRead, permLists, permImport, permWeights, permUsers},
}

func allowed(role string, p perm) bool {
	for _, q := range rolePerms[role] {
		if q == p {
			return true
		}
	}
	return false
}

// principal is who makes a request.
type principal struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Local bool   `json:"local,omitempty"` // the tokenless loopback admin (development only)
}

// LocalAdmin names the tokenless loopback user in audit entries and logs; it
// exists only with Deps.LoopbackAdmin, a development setting.
const LocalAdmin = "local-admin"

// authenticate finds the request's principal: a bearer token is looked up in the
// store on every request (so new tokens work at once; an unknown one is 401). No
// token is 401, except for a direct loopback request when Deps.LoopbackAdmin (a
// development setting) makes it the local admin. The peer address alone never
// grants anything by default: a forwarder on this machine makes every client look
// like loopback.
func (s *Server) authenticate(r *http.Request) (*principal, error) {
	token, hasToken, err := bearer(r)
	if err != nil {
		return nil, err
	}
	if hasToken {
		u, err := s.deps.Store.UserByToken(r.Context(), token)
		if err != nil {
			if isNotFound(err) {
				return nil, fmt.Errorf("unknown token: %w", chainmatch.ErrUnauthorized)
			}
			return nil, err
		}
		return &principal{Name: u.Name, Role: u.Role}, nil
	}
	if s.deps.LoopbackAdmin && directLoopback(r) {
		return &principal{Name: LocalAdmin, Role: chainmatch.RoleAdmin, Local: true}, nil
	}
	return nil, fmt.Errorf("a token is required (Authorization: Bearer TOKEN; sign in with the address chainmatch serve printed): %w", chainmatch.ErrUnauthorized)
}

func bearer(r *http.Request) (token string, ok bool, err error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false, nil
	}
	scheme, tok, found := strings.Cut(h, " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return "", false, fmt.Errorf("authorization header must be \"Bearer TOKEN\": %w", chainmatch.ErrUnauthorized)
	}
	return strings.TrimSpace(tok), true, nil
}

// directLoopback reports whether the request comes from this machine and not
// through a proxy that says so. A plain TCP forwarder says nothing, which is why
// this only matters with Deps.LoopbackAdmin.
func directLoopback(r *http.Request) bool {
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-Ip") != "" {
		return false
	}
	ip := peerIP(r)
	return ip != nil && ip.IsLoopback()
}

// peerIP is the address the connection comes from (not a header the client wrote).
func peerIP(r *http.Request) net.IP {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return net.ParseIP(host)
}

// peerKey keys the failed-authentication limit: the peer's IP address, IPv6
// addresses by their /64 (one host usually owns the whole prefix).
func peerKey(r *http.Request) string {
	ip := peerIP(r)
	if ip == nil {
		return "peer:" + r.RemoteAddr
	}
	if ip.To4() == nil {
		ip = ip.Mask(net.CIDRMask(64, 128))
	}
	return "peer:" + ip.String()
}

// require authenticates the request, checks p and the rate limits, and passes the
// principal on in the request's context. An address whose failed attempts used
// up its allowance is answered 429 before its token is even looked up.
func (s *Server) require(p perm) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return s.handle(func(w http.ResponseWriter, r *http.Request) error {
			if p == permPublic {
				next.ServeHTTP(w, r)
				return nil
			}
			peer := peerKey(r)
			if s.authFails.exhausted(peer) {
				return fmt.Errorf("too many failed sign-ins from this address: %w", errRateLimited)
			}
			who, err := s.authenticate(r)
			if err != nil {
				if errors.Is(err, chainmatch.ErrUnauthorized) {
					s.authFails.allow(peer)
					s.metrics.authFailure()
				}
				return err
			}
			if info, ok := r.Context().Value(keyInfo).(*reqInfo); ok {
				info.principal = who
			}
			key := "user:" + who.Name
			if who.Local {
				key = "local"
			}
			if !s.limiter.allow(key) {
				return fmt.Errorf("%s: %w", who.Name, errRateLimited)
			}
			if !allowed(who.Role, p) {
				return fmt.Errorf("role %s may not %s: %w", who.Role, p, chainmatch.ErrForbidden)
			}
			next.ServeHTTP(w, r)
			return nil
		})
	}
}

// who is the acting user's name for audit entries.
func who(ctx context.Context) string {
	if p := principalOf(ctx); p != nil {
		return p.Name
	}
	return "anonymous"
}

// limiter is a token bucket per key, in memory.
type limiter struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate, burst: float64(burst), now: now, buckets: map[string]*bucket{}}
}

func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) > 10000 {
			l.evict(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// exhausted reports whether key's bucket holds less than one token now, without
// taking one.
func (l *limiter) exhausted(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return false
	}
	return math.Min(l.burst, b.tokens+l.now().Sub(b.last).Seconds()*l.rate) < 1
}

// evict drops the buckets that have refilled: they hold no state worth keeping.
func (l *limiter) evict(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}
