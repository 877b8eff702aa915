package engine

import "github.com/n8n-go/n8n-go/engine/workflow"

// CredentialStore resolves a node's credential reference to its secret data.
// ref is nil when the node names no credential of that type.
type CredentialStore interface {
	Resolve(typ string, ref *workflow.CredentialRef) (map[string]any, error)
}

// CredentialFieldChecker is an optional CredentialStore extension that
// Validate uses: the required fields of a credential type that data lacks
// (empty when it is complete or the type is unknown to the store).
type CredentialFieldChecker interface {
	MissingFields(typ string, data map[string]any) []string
}

// CredentialUpdater is an optional CredentialStore extension: replace the
// data of a node's credential (a refreshed OAuth2 token), persisting it
// where the store keeps its credentials.
type CredentialUpdater interface {
	Update(typ string, ref *workflow.CredentialRef, data map[string]any) error
}
