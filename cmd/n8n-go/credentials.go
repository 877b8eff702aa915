package main

import (
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/credentials"
)

// loadCredentials reads --credentials (if given) and the environment
// shortcuts (NOTION_API_KEY, CLOCKIFY_API_KEY).
func loadCredentials(path string, env cliEnv) (engine.CredentialStore, error) {
	envMap := map[string]string{}
	for _, sc := range credentials.DefaultEnv {
		if v := env.getenv(sc.Var); v != "" {
			envMap[sc.Var] = strings.TrimSpace(v)
		}
	}
	if path == "" {
		return credentials.New(nil, envMap), nil
	}
	return credentials.Load(path, envMap)
}
