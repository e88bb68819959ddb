package datasets

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/chainmatch/chainmatch"
)

//go:embed chains/*.json
var embeddedChains embed.FS

// Chains returns the embedded industrial chains (datasets/chains/*.json),
// validated and sorted by id.
func Chains() ([]chainmatch.Chain, error) {
	return ReadChains(embeddedChains, "chains")
}

// ReadChains reads every *.json file in dir of fsys as one chain, strictly: an
// unknown field, trailing data, an invalid entry or a chain id used twice is an
// error that names the file and the path to the entry, e.g.
// "chains/semiconductor.json: nodes[3].stage: ...". Chains are sorted by id.
func ReadChains(fsys fs.FS, dir string) ([]chainmatch.Chain, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("read chains in %s: %w", dir, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("read chains in %s: no *.json files: %w", dir, chainmatch.ErrNotFound)
	}
	sort.Strings(names)
	chains := make([]chainmatch.Chain, 0, len(names))
	byID := map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read chains: %w", err)
		}
		c, err := decodeChain(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if prev, ok := byID[c.ID]; ok {
			return nil, fmt.Errorf("%s: id: chain %q is also defined in %s: %w", name, c.ID, prev, chainmatch.ErrInvalid)
		}
		byID[c.ID] = name
		chains = append(chains, c)
	}
	sort.Slice(chains, func(i, j int) bool { return chains[i].ID < chains[j].ID })
	return chains, nil
}

// decodeChain parses one chain document strictly and validates it. Errors name
// the path to the offending entry.
func decodeChain(data []byte) (chainmatch.Chain, error) {
	var c chainmatch.Chain
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		if p, reason := checkChainShape(data); p != "" {
			return c, fmt.Errorf("%s: %s: %w", p, reason, chainmatch.ErrInvalid)
		}
		return c, fmt.Errorf("%s: %v: %w", jsonErrorPath(data, err), err, chainmatch.ErrInvalid)
	}
	if _, err := dec.Token(); err != io.EOF {
		return c, fmt.Errorf("trailing data after the chain object: %w", chainmatch.ErrInvalid)
	}
	if err := c.Validate(); err != nil {
		if fe := chainmatch.Fields(err); fe != nil {
			return c, fieldErrorsWithPaths(fe)
		}
		return c, err
	}
	return c, nil
}

// fieldErrorsWithPaths renders field errors as "path: reason; path: reason" so the
// first thing a reader sees after the file name is the path to the entry.
func fieldErrorsWithPaths(fe chainmatch.FieldErrors) error {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + fe[k]
	}
	return fmt.Errorf("%s: %w", strings.Join(parts, "; "), chainmatch.ErrInvalid)
}

// jsonErrorPath describes where a decoding error happened: the JSON path of the
// field when the decoder knows it, else line and column.
func jsonErrorPath(data []byte, err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return te.Field
	}
	var se *json.SyntaxError
	off := int64(-1)
	if errors.As(err, &se) {
		off = se.Offset
	} else if errors.As(err, &te) {
		off = te.Offset
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		off = int64(len(data))
	}
	if off < 0 {
		return "json"
	}
	line, col := 1, 1
	for _, b := range data[:min(int(off), len(data))] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d", line, col)
}

// kind of a JSON value the chain schema expects at a key.
type shape int

const (
	shapeString shape = iota
	shapeNumber
	shapeStrings
	shapeNodes
	shapeEdges
	shapeSource
	shapeLabels
	shapeShares
	shapeBool
	shapeHeads
)

var (
	chainShape  = map[string]shape{"id": shapeString, "name": shapeString, "name_en": shapeString, "nodes": shapeNodes, "edges": shapeEdges, "source": shapeSource, "labels": shapeLabels, "parts": shapeString, "trade": shapeString, "materials": shapeBool, "heads": shapeHeads}
	nodeShape   = map[string]shape{"id": shapeString, "name": shapeString, "name_en": shapeString, "stage": shapeString, "keywords": shapeStrings, "keywords_en": shapeStrings, "negative": shapeStrings, "industries": shapeStrings, "importance": shapeNumber, "contextual": shapeStrings, "contrary": shapeStrings}
	labelShape  = map[string]shape{"words": shapeStrings, "nodes": shapeShares, "prefix": shapeBool}
	edgeShape   = map[string]shape{"from": shapeString, "to": shapeString}
	headShape   = map[string]shape{"node": shapeString, "words": shapeStrings}
	sourceShape = map[string]shape{"name": shapeString, "as_of": shapeString, "url": shapeString}
)

// checkChainShape walks a chain document that failed to decode and returns the
// path to the first unknown field or mistyped value (e.g. "nodes[3].colour",
// "unknown field"), or "" when it finds none.
func checkChainShape(data []byte) (path, reason string) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return "", ""
	}
	return walkObject(v, "", chainShape)
}

func walkObject(v any, at string, want map[string]shape) (string, string) {
	obj, ok := v.(map[string]any)
	if !ok {
		if at == "" {
			return "json", "the document is not a JSON object"
		}
		return at, "not an object"
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p := k
		if at != "" {
			p = at + "." + k
		}
		s, known := want[k]
		if !known {
			return p, "unknown field"
		}
		if p, r := walkValue(obj[k], p, s); p != "" {
			return p, r
		}
	}
	return "", ""
}

func walkValue(v any, at string, s shape) (string, string) {
	if v == nil {
		return "", ""
	}
	switch s {
	case shapeString:
		if _, ok := v.(string); !ok {
			return at, "not a string"
		}
	case shapeNumber:
		if _, ok := v.(float64); !ok {
			return at, "not a number"
		}
	case shapeBool:
		if _, ok := v.(bool); !ok {
			return at, "not true or false"
		}
	case shapeSource:
		return walkObject(v, at, sourceShape)
	case shapeShares:
		obj, ok := v.(map[string]any)
		if !ok {
			return at, "not an object"
		}
		for k, x := range obj {
			if _, ok := x.(float64); !ok {
				return at + "." + k, "not a number"
			}
		}
	case shapeStrings, shapeNodes, shapeEdges, shapeLabels, shapeHeads:
		arr, ok := v.([]any)
		if !ok {
			return at, "not an array"
		}
		for i, x := range arr {
			p := fmt.Sprintf("%s[%d]", at, i)
			switch s {
			case shapeStrings:
				if _, ok := x.(string); !ok {
					return p, "not a string"
				}
			case shapeNodes:
				if p, r := walkObject(x, p, nodeShape); p != "" {
					return p, r
				}
			case shapeEdges:
				if p, r := walkObject(x, p, edgeShape); p != "" {
					return p, r
				}
			case shapeLabels:
				if p, r := walkObject(x, p, labelShape); p != "" {
					return p, r
				}
			case shapeHeads:
				if p, r := walkObject(x, p, headShape); p != "" {
					return p, r
				}
			}
		}
	}
	return "", ""
}
