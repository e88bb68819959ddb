package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

func TestUserAdd(t *testing.T) {
	dir := t.TempDir()
	getenv := func(string) string { return "" }
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"user", "add", "--data", dir, "--name", "zhang", "--role", "editor"}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("add: %v %s", err, errb.String())
	}
	token := strings.TrimSpace(out.String())
	st, err := store.Open(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByToken(ctx, token)
	if err != nil || u.Name != "zhang" || u.Role != chainmatch.RoleEditor {
		t.Fatalf("token %q: %+v %v", token, u, err)
	}
	cases := []struct {
		name string
		args []string
		want error
	}{
		{"bad role", []string{"user", "add", "--data", dir, "--name", "li", "--role", "boss"}, chainmatch.ErrInvalid},
		{"taken name", []string{"user", "add", "--data", dir, "--name", "zhang", "--role", "viewer"}, chainmatch.ErrConflict},
		{"no action", []string{"user", "--data", dir}, errUsage},
		{"no role", []string{"user", "add", "--data", dir, "--name", "li"}, errUsage},
		{"help", []string{"user", "-h"}, errHelp},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if err := run(ctx, c.args, getenv, nil, &out, &errb); !errors.Is(err, c.want) {
				t.Errorf("%v, want %v", err, c.want)
			}
		})
	}
}
