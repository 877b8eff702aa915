package sandbox

import "fmt"

// The template's Notion database ids (cachedResultName Clients, Buckets,
// Tasks).
const (
	ClientsDB  = "1a878e40-f803-80e4-bc79-e24747562817"
	ProjectsDB = "1a878e40-f803-80bf-a72a-d7373be374b2"
	TasksDB    = "1a878e40-f803-80e6-8df1-cf50776752da"
)

// Fixed timestamps keep pages identical across runs.
const seedTime = "2025-03-01T09:00:00.000Z"

// The workspace's users: the person who created the databases and seed
// pages, and the integration (bot) whose token the sandbox credential
// carries, so pages the run edits show it as last_edited_by.
const (
	ownerID = "5e3d7b0a-0000-4000-8000-000000000001"
	botID   = "5e3d7b0a-0000-4000-8000-000000000002"
)

// The seed documents below use the short forms fakenotion.Seed normalises
// (plain-string titles, {"text":{"content":…}} runs, options by name);
// property and option ids are given so recordings keep them.

func users() []map[string]any {
	return []map[string]any{
		{"id": ownerID, "type": "person", "name": "Sandbox Owner", "avatar_url": nil, "person": map[string]any{"email": "owner@sandbox.invalid"}},
		{"id": botID, "type": "bot", "name": "n8n sandbox", "avatar_url": nil, "bot": map[string]any{}},
	}
}

func owner() map[string]any { return map[string]any{"object": "user", "id": ownerID} }

// statusOptions are the Status options of the Buckets and Tasks databases
// (the sticky note asks for Done and Obsolete plus others).
func statusOptions() []any {
	return []any{
		map[string]any{"id": "bk01", "name": "Backlog", "color": "default"},
		map[string]any{"id": "ip01", "name": "In progress", "color": "blue"},
		map[string]any{"id": "oh01", "name": "On hold", "color": "yellow"},
		map[string]any{"id": "dn01", "name": "Done", "color": "green"},
		map[string]any{"id": "ob01", "name": "Obsolete", "color": "gray"},
	}
}

// pageID returns the deterministic id of the n-th seeded page of a kind.
func pageID(kind byte, n int) string {
	return fmt.Sprintf("1a878e40-f803-81%c0-a000-%012d", kind, n)
}

func runs(s string) []any {
	if s == "" {
		return []any{}
	}
	return []any{map[string]any{"text": map[string]any{"content": s}}}
}

func titleProp(s string) map[string]any { return map[string]any{"title": runs(s)} }

func textProp(s string) map[string]any { return map[string]any{"rich_text": runs(s)} }

func statusProp(name string) map[string]any {
	return map[string]any{"status": map[string]any{"name": name}}
}

func relationProp(pages []string) map[string]any {
	rel := make([]any, len(pages))
	for i, p := range pages {
		rel[i] = map[string]any{"id": p}
	}
	return map[string]any{"relation": rel}
}

func page(id, db string, props map[string]any) map[string]any {
	return map[string]any{
		"id": id, "created_time": seedTime, "last_edited_time": seedTime,
		"created_by": owner(), "last_edited_by": owner(),
		"parent": map[string]any{"database_id": db}, "properties": props,
	}
}

// databases returns the three database objects (schema).
func databases() []map[string]any {
	prop := func(id, typ string, cfg map[string]any) map[string]any {
		if cfg == nil {
			cfg = map[string]any{}
		}
		return map[string]any{"id": id, "type": typ, typ: cfg}
	}
	status := func() map[string]any { return prop("stat", "status", map[string]any{"options": statusOptions()}) }
	relation := func(id, target string) map[string]any {
		return prop(id, "relation", map[string]any{"database_id": target, "type": "single_property", "single_property": map[string]any{}})
	}
	rollup := func(id, rel, target string) map[string]any {
		return prop(id, "rollup", map[string]any{"relation_property_name": rel, "rollup_property_name": target, "function": "show_original"})
	}
	db := func(id, name string, props map[string]any) map[string]any {
		return map[string]any{
			"id": id, "title": name, "created_time": seedTime, "last_edited_time": seedTime,
			"created_by": owner(), "last_edited_by": owner(), "properties": props,
		}
	}
	return []map[string]any{
		db(ClientsDB, "Clients", map[string]any{
			"Name":               prop("title", "title", nil),
			"Archive":            prop("arch", "checkbox", nil),
			"Clockify Client ID": prop("ccid", "rich_text", nil),
		}),
		db(ProjectsDB, "Buckets", map[string]any{
			"Name":                prop("title", "title", nil),
			"Status":              status(),
			"Clients":             relation("clis", ClientsDB),
			"Clockify Client ID":  rollup("ccid", "Clients", "Clockify Client ID"),
			"Clockify Project ID": prop("cpid", "rich_text", nil),
		}),
		db(TasksDB, "Tasks", map[string]any{
			"Name":                prop("title", "title", nil),
			"Status":              status(),
			"Projects":            relation("prjs", ProjectsDB),
			"Clockify Project ID": rollup("cpid", "Projects", "Clockify Project ID"),
			"Clients":             rollup("clis", "Projects", "Clients"),
			"Clockify Task ID":    prop("ctid", "rich_text", nil),
		}),
	}
}
