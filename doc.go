// Package chainmatch owns the domain of the target-enterprise matching engine:
// chains, counties, enterprises, talents, targets, weights and outcomes with their
// validation and sentinel errors, and the vocabulary every other package reads
// (features and gap parts with one Weights.Validate, tags, channels, record kinds,
// roles, list statuses and the CanTransition rule, and their Chinese and English
// labels); it imports the standard library only.
package chainmatch
