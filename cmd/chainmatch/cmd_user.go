package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/chainmatch/chainmatch"
	"github.com/chainmatch/chainmatch/cmd/chainmatch/internal/store"
)

const userSummary = `Manage API users. "user add" creates a user with a role and prints a new API
token once: keep it, only its SHA-256 hash is stored. The token works at once, also
on a server that is already running (tokens are looked up per request). "user list"
shows users and roles; "user remove" deletes a user and its token stops working.

Roles: viewer reads (leaders); editor also edits target lists and imports data;
analyst also edits weight profiles and runs evaluations; admin may do everything,
including managing users. Send the token as "Authorization: Bearer TOKEN".

examples: chainmatch user add --name zhang --role editor
          chainmatch user list
          chainmatch user remove --name zhang`

func cmdUser() command {
	return command{name: "user", summary: "add, list and remove API users (tokens with roles)", run: runUser}
}

func runUser(ctx context.Context, e env) error {
	fs := newFlags(e, "user", "add --name NAME --role viewer|editor|analyst|admin | list | remove --name NAME", userSummary)
	cfg := defaultConfig(e.getenv)
	cfg.dataFlags(fs)
	name := fs.String("name", "", "user name (add, remove)")
	role := fs.String("role", "", "role for add: "+strings.Join(chainmatch.Roles, ", "))
	// Accept "user add --name x" as well as "user --name x add".
	var verb string
	if len(e.args) > 0 && !strings.HasPrefix(e.args[0], "-") {
		verb, e.args = e.args[0], e.args[1:]
	}
	if err := parseFlags(e, fs); err != nil {
		return err
	}
	if verb == "" && fs.NArg() > 0 {
		verb = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return fmt.Errorf("%w: user: unexpected argument %q", errUsage, fs.Arg(0))
	}
	switch verb {
	case "add":
		if *name == "" || *role == "" {
			return fmt.Errorf("%w: user add: --name and --role are required", errUsage)
		}
	case "remove":
		if *name == "" {
			return fmt.Errorf("%w: user remove: --name is required", errUsage)
		}
	case "list":
	case "":
		return fmt.Errorf("%w: user: say add, list or remove", errUsage)
	default:
		return fmt.Errorf("%w: user: unknown action %q (add, list, remove)", errUsage, verb)
	}
	st, err := store.Open(ctx, cfg.Data, cfg.Database)
	if err != nil {
		return fmt.Errorf("user: %w", err)
	}
	defer st.Close()
	switch verb {
	case "add":
		u, token, err := st.AddUser(ctx, *name, *role, "cli")
		if err != nil {
			return fmt.Errorf("user: %w", err)
		}
		fmt.Fprintf(e.stderr, "created user %s with role %s; the token is shown only this once:\n", u.Name, u.Role)
		fmt.Fprintln(e.stdout, token)
	case "remove":
		if err := st.DeleteUser(ctx, *name, "cli"); err != nil {
			return fmt.Errorf("user: %w", err)
		}
		fmt.Fprintf(e.stdout, "removed user %s\n", *name)
	case "list":
		users, err := st.Users(ctx)
		if err != nil {
			return fmt.Errorf("user: %w", err)
		}
		fmt.Fprintf(e.stdout, "%-20s %-8s %s\n", "NAME", "ROLE", "CREATED")
		for _, u := range users {
			fmt.Fprintf(e.stdout, "%-20s %-8s %s\n", u.Name, u.Role, u.CreatedAt.Format("2006-01-02 15:04"))
		}
	}
	return nil
}
