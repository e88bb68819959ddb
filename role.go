package chainmatch

// Roles of a user, from least to most trusted: viewer reads; editor also edits lists
// and imports; analyst also edits weights and runs evaluations; admin may do
// anything, including managing users.
const (
	RoleViewer  = "viewer"
	RoleEditor  = "editor"
	RoleAnalyst = "analyst"
	RoleAdmin   = "admin"
)

// Roles lists the roles, least trusted first.
var Roles = []string{RoleViewer, RoleEditor, RoleAnalyst, RoleAdmin}

// ValidRole reports whether r is a role.
func ValidRole(r string) bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}
