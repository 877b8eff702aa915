package main

import "github.com/n8n-go/n8n-go/engine"

// loadCredentials reads --credentials and the environment shortcuts.
func loadCredentials(path string, env cliEnv) (engine.CredentialStore, error) {
	return nil, nil
}
