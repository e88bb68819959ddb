package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestOverTCP drives a real listener on loopback: the admin's token, a token
// made on the running server, and the JSON access log with request ids.
func TestOverTCP(t *testing.T) {
	var logs syncBuffer
	ts := newTestServer(t, func(d *Deps) { d.Log = slog.New(slog.NewJSONHandler(&logs, nil)) })
	hs := httptest.NewServer(ts)
	defer hs.Close()

	post := func(path, token string, body any) *http.Response {
		b, _ := json.Marshal(body)
		r, _ := http.NewRequest("POST", hs.URL+path, bytes.NewReader(b))
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	if resp := post("/api/v1/users", "", map[string]string{"name": "viewer1", "role": "viewer"}); resp.StatusCode != 401 {
		t.Fatalf("loopback without a token adds a user: %d", resp.StatusCode)
	}
	resp := post("/api/v1/users", ts.admin, map[string]string{"name": "viewer1", "role": "viewer"})
	var made struct{ Token string }
	json.NewDecoder(resp.Body).Decode(&made)
	resp.Body.Close()
	if resp.StatusCode != 201 || made.Token == "" {
		t.Fatalf("the admin adds a user: %d", resp.StatusCode)
	}
	resp = post("/api/v1/match", made.Token, map[string]any{"county": "331122", "chain": "short-distance-transport", "limit": 2})
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"targets"`) {
		t.Fatalf("viewer matches: %d %s", resp.StatusCode, body)
	}
	rid := resp.Header.Get("X-Request-Id")
	resp = post("/api/v1/lists", made.Token, map[string]any{"name": "x", "county": "331122", "chain": "short-distance-transport"})
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("viewer makes a list: %d", resp.StatusCode)
	}
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line not JSON: %s", line)
		}
		if rec["request_id"] == rid {
			found = rec["route"] == "/api/v1/match" && rec["status"] == float64(200) && rec["user"] == "viewer1" && rec["msg"] == "request"
		}
	}
	if !found {
		t.Errorf("no access log line for request %s: %s", rid, logs.String())
	}
}
