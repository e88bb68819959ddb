package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// liveServer is a chainmatch binary serving on a loopback port.
type liveServer struct {
	bin, data, base string
	token           string // the admin token of the sign-in address the first run printed
	cmd             *exec.Cmd
	mu              sync.Mutex
	log             bytes.Buffer
}

func (s *liveServer) logText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// logHas reports whether the log holds want, waiting up to ten seconds for it:
// the server logs a step after it has taken it, and its log is read by another
// goroutine, so a line may arrive just after /readyz or a response.
func (s *liveServer) logHas(want string) bool {
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if strings.Contains(s.logText(), want) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// startServe builds the binary and starts `chainmatch serve` on an empty data
// directory with a small demo pool, returning once /readyz says ready.
func startServe(t *testing.T, extra ...string) *liveServer {
	t.Helper()
	dir := t.TempDir()
	s := &liveServer{bin: filepath.Join(dir, "chainmatch"), data: filepath.Join(dir, "data")}
	if out, err := exec.Command("go", "build", "-o", s.bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	s.base = "http://" + addr
	args := append([]string{"serve", "--addr", addr, "--data", s.data, "--demo-enterprises", "3000", "--demo-talents", "300"}, extra...)
	s.start(t, exec.Command(s.bin, args...), 4*time.Minute)
	return s
}

// freeAddr returns a loopback address with a free port.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs cmd, a chainmatch serve at s.base, keeping its log, and returns
// once /readyz says ready (failing after wait); with no s.token it takes the
// admin token from the sign-in address the first run prints.
func (s *liveServer) start(t *testing.T, cmd *exec.Cmd, wait time.Duration) {
	t.Helper()
	s.cmd = cmd
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	signIn := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), s.base+"/?token="); ok {
				signIn <- u
			}
		}
		close(signIn)
	}()
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			s.mu.Lock()
			s.log.WriteString(sc.Text() + "\n")
			s.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			s.cmd.Process.Kill()
			s.cmd.Wait()
		}
	})
	deadline := time.Now().Add(wait)
	notReady := 0
	for {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
			if resp.StatusCode == http.StatusServiceUnavailable {
				notReady++
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after %v; log:\n%s", wait, s.logText())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if notReady == 0 {
		t.Logf("the server was ready before /readyz was first asked")
	}
	if s.token != "" {
		return
	}
	// The first run printed the sign-in address with the admin token, once.
	select {
	case tok, ok := <-signIn:
		s.token, err = url.QueryUnescape(tok)
		if !ok || err != nil || s.token == "" {
			t.Fatalf("no sign-in address %s/?token=... on stdout; log:\n%s", s.base, s.logText())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no sign-in address on stdout; log:\n%s", s.logText())
	}
}

// call sends a JSON request and decodes the JSON answer into out (when non-nil),
// failing the test unless the status is want.
func (s *liveServer) call(t *testing.T, method, path, token string, body any, want int, out any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %.300s", method, path, err, b)
		}
	}
}

func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and serves a demo pool")
	}
	s := startServe(t)
	for _, want := range []string{"empty data directory: adding a synthetic demo pool", "demo pool imported", `"msg":"ready"`, "sign-in address is on standard output"} {
		if !s.logHas(want) {
			t.Errorf("log lacks %q", want)
		}
	}
	if strings.Contains(s.logText(), s.token) {
		t.Error("the admin token is in the log")
	}
	// No token, no answer: loopback is nobody in particular.
	s.call(t, "GET", "/api/v1/chains", "", nil, 401, nil)

	var chains []struct {
		ID    string `json:"id"`
		Nodes []struct{ ID, Stage string }
	}
	s.call(t, "GET", "/api/v1/chains", s.token, nil, 200, &chains)
	if len(chains) < 10 {
		t.Fatalf("%d chains", len(chains))
	}
	var county struct {
		Code        string `json:"code"`
		Positioning []struct{ Chain string }
	}
	s.call(t, "GET", "/api/v1/counties/331124", s.token, nil, 200, &county)
	if len(county.Positioning) == 0 {
		t.Errorf("Songyang has no positioning: %+v", county)
	}
	var gaps struct {
		Nodes []struct {
			ID       string             `json:"id"`
			Priority float64            `json:"priority"`
			Parts    map[string]float64 `json:"parts"`
		}
	}
	s.call(t, "GET", "/api/v1/counties/331124/gaps?chain=intelligent-transport", s.token, nil, 200, &gaps)
	if len(gaps.Nodes) < 10 || len(gaps.Nodes[0].Parts) == 0 {
		t.Errorf("gaps: %+v", gaps)
	}
	var m struct {
		Targets []struct {
			Rank          int                `json:"rank"`
			Score         float64            `json:"score"`
			Contributions map[string]float64 `json:"contributions"`
			Reasons       []struct{ ZH, EN string }
			Enterprise    struct{ ID, Name string }
		}
	}
	s.call(t, "POST", "/api/v1/match", s.token, map[string]any{"county": "331124", "chain": "intelligent-transport", "limit": 10}, 200, &m)
	if len(m.Targets) == 0 {
		t.Fatal("no targets")
	}
	for _, tg := range m.Targets {
		sum := 0.0
		for _, c := range tg.Contributions {
			sum += c
		}
		if d := sum - tg.Score; d > 1e-9 || d < -1e-9 || len(tg.Reasons) == 0 {
			t.Errorf("target %d: contributions sum %.12f, score %.12f, %d reasons", tg.Rank, sum, tg.Score, len(tg.Reasons))
		}
	}
	// The county and chain by name (松阳县, 智能交通) rank as by code.
	var byName struct {
		County  string `json:"county"`
		Chain   string `json:"chain"`
		Targets []struct {
			Score float64 `json:"score"`
		}
	}
	s.call(t, "POST", "/api/v1/match", s.token, map[string]any{"county": "丽水市松阳县", "chain": "智能交通", "limit": 10}, 200, &byName)
	if byName.County != "331124" || byName.Chain != "intelligent-transport" || len(byName.Targets) != len(m.Targets) ||
		byName.Targets[0].Score != m.Targets[0].Score {
		t.Errorf("match by names: %s %s, %d targets; want 331124 intelligent-transport and the %d targets by code",
			byName.County, byName.Chain, len(byName.Targets), len(m.Targets))
	}
	var ahp struct {
		Weights    []float64 `json:"weights"`
		CR         float64   `json:"cr"`
		Consistent bool      `json:"consistent"`
	}
	s.call(t, "POST", "/api/v1/weights/ahp", s.token, map[string]any{"criteria": []string{"gap_fit", "quality", "proximity"},
		"matrix": [][]float64{{1, 3, 5}, {1.0 / 3, 1, 3}, {1.0 / 5, 1.0 / 3, 1}}}, 200, &ahp)
	if len(ahp.Weights) != 3 || !ahp.Consistent || ahp.Weights[0] <= ahp.Weights[1] {
		t.Errorf("ahp: %+v", ahp)
	}

	// Bad input: 4xx with field errors.
	var bad struct {
		Error struct {
			Code   string            `json:"code"`
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	s.call(t, "POST", "/api/v1/match", s.token, map[string]any{"county": "999999", "chain": "semiconductor"}, 422, &bad)
	if bad.Error.Fields["county"] == "" {
		t.Errorf("unknown county: %+v", bad)
	}
	s.call(t, "POST", "/api/v1/match", s.token, map[string]any{"county": "鼓楼区", "chain": "semiconductor"}, 422, &bad)
	if f := bad.Error.Fields["county"]; !strings.Contains(f, "350102 福州市鼓楼区") {
		t.Errorf("a county name of four counties: %q, want them listed", f)
	}
	s.call(t, "POST", "/api/v1/match", s.token, map[string]any{"county": "331122", "chain": "semiconductor", "colour": "red"}, 400, nil)

	// A target list: created from a match, a status changed, exported to XLSX.
	var list struct {
		ID    string `json:"id"`
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	s.call(t, "POST", "/api/v1/lists", s.token, map[string]any{"name": "松阳智能交通 2026Q4", "county": "331124", "chain": "intelligent-transport", "limit": 5}, 201, &list)
	if list.ID == "" || len(list.Items) == 0 {
		t.Fatalf("list: %+v", list)
	}
	s.call(t, "PATCH", fmt.Sprintf("/api/v1/lists/%s/items/%d", list.ID, list.Items[0].ID), s.token,
		map[string]any{"status": "contacted", "notes": "经龙泉商会对接"}, 200, nil)
	req, _ := http.NewRequest("GET", s.base+"/api/v1/lists/"+list.ID+"/export?format=xlsx", nil)
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("export: %v %v", resp, err)
	}
	x, err := excelize.OpenReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(list.Items)+1 || !strings.Contains(strings.Join(rows[0], ","), "名称") ||
		!strings.Contains(strings.Join(rows[1], ","), "已联系") {
		t.Errorf("xlsx rows: %q", rows)
	}

	// Tokens: a new viewer token works at once on the running server; a viewer may
	// read but not write; an unknown token is refused.
	out, err := exec.Command(s.bin, "user", "add", "--data", s.data, "--name", "leader", "--role", "viewer").Output()
	if err != nil {
		t.Fatalf("user add: %v", err)
	}
	viewer := strings.TrimSpace(string(out))
	s.call(t, "GET", "/api/v1/chains", viewer, nil, 200, nil)
	s.call(t, "POST", "/api/v1/lists", viewer, map[string]any{"name": "x", "county": "331124", "chain": "intelligent-transport"}, 403, nil)
	s.call(t, "GET", "/api/v1/chains", "not-a-token", nil, 401, nil)

	besideServer(t, s)
	importOverHTTP(t, s)
	terminateWhileBusy(t, s)

	// The status change recorded an outcome, which eval backtests against.
	out, err = exec.Command(s.bin, "eval", "--data", s.data, "--relevant", "contacted", "--format", "json").Output()
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	var bt struct {
		Queries []struct{ County, Chain string }
		Methods map[string]struct{ NDCG float64 }
	}
	if err := json.Unmarshal(out, &bt); err != nil {
		t.Fatal(err)
	}
	if len(bt.Queries) != 1 || bt.Queries[0].County != "331124" || len(bt.Methods) != 4 || bt.Methods["model"].NDCG <= 0 {
		t.Errorf("eval on recorded outcomes: %s", out)
	}
}

// besideServer runs commands on the data directory of a running server: a second
// serve refuses, naming the first one's process; match says why it cannot run;
// a CLI import is committed and the running server finds its row within seconds.
func besideServer(t *testing.T, s *liveServer) {
	pid := fmt.Sprintf("pid %d", s.cmd.Process.Pid)
	for _, args := range [][]string{
		{"serve", "--addr", "127.0.0.1:0", "--data", s.data},
		{"match", "--data", s.data, "--county", "331124", "--chain", "intelligent-transport"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang detector, not a timing
		out, err := exec.CommandContext(ctx, s.bin, args...).CombinedOutput()
		hung := ctx.Err() != nil
		cancel()
		if hung {
			t.Fatalf("%s beside a running server hangs", args[0])
		}
		if err == nil || !strings.Contains(string(out), pid) || !strings.Contains(string(out), "chainmatch serve") {
			t.Errorf("%s beside a running server: %v: %s", args[0], err, out)
		}
		if args[0] == "match" && !strings.Contains(string(out), "/api/v1/match") {
			t.Errorf("match beside a running server does not say what to do instead: %s", out)
		}
	}
	file := filepath.Join(t.TempDir(), "cli.jsonl")
	os.WriteFile(file, []byte(`{"name":"命令行导入测试电驱有限公司","province":"浙江","scope":"电驱动系统","source":"test"}`+"\n"), 0o644)
	if out, err := exec.Command(s.bin, "import", "--data", s.data, file).CombinedOutput(); err != nil {
		t.Fatalf("import beside a running server: %v: %s", err, out)
	}
	q := "/api/v1/enterprises?q=" + url.QueryEscape("命令行导入测试电驱")
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		var found struct{ Total int }
		s.call(t, "GET", q, s.token, nil, 200, &found)
		if found.Total > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the running server never found the CLI import; log:\n%s", s.logText())
		}
	}
}

// importOverHTTP posts NDJSON with one good and one bad row: the good one is
// stored and found at once, the bad one comes back with its line, field and reason.
func importOverHTTP(t *testing.T, s *liveServer) {
	body := `{"name":"丽水测试轮毂电机有限公司","province":"浙江","city":"丽水","scope":"轮毂电机、电动车电机制造","source":"test"}
{"name":"坏代码公司","uscc":"914403001922038217","scope":"电动自行车"}
`
	req, _ := http.NewRequest("POST", s.base+"/api/v1/import?filename=rows.jsonl", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sum struct {
		Read, Accepted, Rejected int
		Rejects                  []struct {
			Line          int
			Field, Reason string
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&sum); err != nil || resp.StatusCode != 200 {
		t.Fatalf("import: status %d, %v", resp.StatusCode, err)
	}
	if sum.Read != 2 || sum.Accepted != 1 || sum.Rejected != 1 || len(sum.Rejects) != 1 ||
		sum.Rejects[0].Line != 2 || sum.Rejects[0].Field != "uscc" || sum.Rejects[0].Reason == "" {
		t.Fatalf("import summary: %+v", sum)
	}
	var found struct {
		Total int
		Hits  []struct{ Name string }
	}
	s.call(t, "GET", "/api/v1/enterprises?q="+url.QueryEscape("丽水测试轮毂电机"), s.token, nil, 200, &found)
	if found.Total == 0 || found.Hits[0].Name != "丽水测试轮毂电机有限公司" {
		t.Errorf("the imported firm is not found: %+v", found)
	}
}

// terminateWhileBusy sends SIGTERM while match requests are in flight: every
// request the server accepted completes, and the process exits 0.
func terminateWhileBusy(t *testing.T, s *liveServer) {
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	started := make(chan struct{}, 64)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := strings.NewReader(`{"county":"331122","chain":"short-distance-transport","limit":500}`)
			started <- struct{}{}
			req, _ := http.NewRequest("POST", s.base+"/api/v1/match", body)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+s.token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return // not accepted: the listener was already closed
			}
			defer resp.Body.Close()
			if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != 200 {
				errs <- fmt.Errorf("accepted request ended with status %d, %v", resp.StatusCode, err)
			}
		}()
	}
	for i := 0; i < 16; i++ {
		<-started
	}
	time.Sleep(5 * time.Millisecond)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, s.logText())
	}
	if !s.logHas("draining") {
		t.Errorf("log does not say it drained:\n%s", s.logText())
	}
}
