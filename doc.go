// Package chainmatch holds the domain of the target-enterprise matching engine:
// chains, counties, enterprises, talents, targets, weights and outcomes, with their
// validation and sentinel errors; it imports the standard library only.
package chainmatch
