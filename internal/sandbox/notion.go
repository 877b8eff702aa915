package sandbox

import (
	"fmt"
	"sort"
)

// The template's Notion database ids (cachedResultName Clients, Buckets,
// Tasks).
const (
	ClientsDB  = "1a878e40-f803-80e4-bc79-e24747562817"
	ProjectsDB = "1a878e40-f803-80bf-a72a-d7373be374b2"
	TasksDB    = "1a878e40-f803-80e6-8df1-cf50776752da"
)

// Fixed timestamps keep pages identical across runs.
const seedTime = "2025-03-01T09:00:00.000Z"

// seedUser is the Notion user who created the seed pages.
var seedUser = map[string]any{"object": "user", "id": "5e3d7b0a-0000-4000-8000-000000000001"}

// statusOptions are the Status options of the Buckets and Tasks databases
// (the sticky note asks for Done and Obsolete plus others).
var statusOptions = []struct{ id, name, color string }{
	{"bk01", "Backlog", "default"},
	{"ip01", "In progress", "blue"},
	{"oh01", "On hold", "yellow"},
	{"dn01", "Done", "green"},
	{"ob01", "Obsolete", "gray"},
}

// pageID returns the deterministic id of the n-th seeded page of a kind.
func pageID(kind byte, n int) string {
	return fmt.Sprintf("1a878e40-f803-81%c0-a000-%012d", kind, n)
}

func richText(s string) []any {
	if s == "" {
		return []any{}
	}
	return []any{map[string]any{
		"type": "text",
		"text": map[string]any{"content": s, "link": nil},
		"annotations": map[string]any{
			"bold": false, "italic": false, "strikethrough": false,
			"underline": false, "code": false, "color": "default",
		},
		"plain_text": s,
		"href":       nil,
	}}
}

func titleProp(s string) map[string]any {
	return map[string]any{"id": "title", "type": "title", "title": richText(s)}
}

func textProp(id, s string) map[string]any {
	return map[string]any{"id": id, "type": "rich_text", "rich_text": richText(s)}
}

func statusProp(name string) map[string]any {
	for _, o := range statusOptions {
		if o.name == name {
			return map[string]any{"id": "stat", "type": "status", "status": map[string]any{"id": o.id, "name": o.name, "color": o.color}}
		}
	}
	return map[string]any{"id": "stat", "type": "status", "status": nil}
}

func relationProp(id string, pages []string) map[string]any {
	rel := make([]any, len(pages))
	for i, p := range pages {
		rel[i] = map[string]any{"id": p}
	}
	return map[string]any{"id": id, "type": "relation", "relation": rel, "has_more": false}
}

// rollupProp is a "show original" rollup: an array of the related pages'
// property values.
func rollupProp(id string, values []any) map[string]any {
	if values == nil {
		values = []any{}
	}
	return map[string]any{"id": id, "type": "rollup", "rollup": map[string]any{
		"type": "array", "array": values, "function": "show_original",
	}}
}

func page(id, db string, props map[string]any) map[string]any {
	title := ""
	if t, ok := props["Name"].(map[string]any); ok {
		if rt, ok := t["title"].([]any); ok && len(rt) > 0 {
			title = rt[0].(map[string]any)["plain_text"].(string)
		}
	}
	return map[string]any{
		"object":           "page",
		"id":               id,
		"created_time":     seedTime,
		"last_edited_time": seedTime,
		"created_by":       seedUser,
		"last_edited_by":   seedUser,
		"cover":            nil,
		"icon":             nil,
		"parent":           map[string]any{"type": "database_id", "database_id": db},
		"archived":         false,
		"in_trash":         false,
		"properties":       props,
		"url":              notionURL(title, id),
		"public_url":       nil,
	}
}

func notionURL(title, id string) string {
	slug := ""
	for _, r := range title {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			slug += string(r)
		case len(slug) > 0 && slug[len(slug)-1] != '-':
			slug += "-"
		}
	}
	compact := ""
	for _, r := range id {
		if r != '-' {
			compact += string(r)
		}
	}
	if slug != "" {
		return "https://www.notion.so/" + slug + "-" + compact
	}
	return "https://www.notion.so/" + compact
}

// databases returns the three database objects (schema).
func databases() []map[string]any {
	statusSchema := func() map[string]any {
		opts := make([]any, len(statusOptions))
		for i, o := range statusOptions {
			opts[i] = map[string]any{"id": o.id, "name": o.name, "color": o.color}
		}
		return map[string]any{"id": "stat", "name": "Status", "type": "status", "status": map[string]any{"options": opts}}
	}
	db := func(id, name string, props map[string]any) map[string]any {
		return map[string]any{
			"object": "database", "id": id, "title": richText(name),
			"created_time": seedTime, "last_edited_time": seedTime,
			"parent":     map[string]any{"type": "workspace", "workspace": true},
			"properties": props, "archived": false, "in_trash": false, "is_inline": false,
			"url": notionURL("", id),
		}
	}
	return []map[string]any{
		db(ClientsDB, "Clients", map[string]any{
			"Name":               map[string]any{"id": "title", "name": "Name", "type": "title", "title": map[string]any{}},
			"Archive":            map[string]any{"id": "arch", "name": "Archive", "type": "checkbox", "checkbox": map[string]any{}},
			"Clockify Client ID": map[string]any{"id": "ccid", "name": "Clockify Client ID", "type": "rich_text", "rich_text": map[string]any{}},
		}),
		db(ProjectsDB, "Buckets", map[string]any{
			"Name":                map[string]any{"id": "title", "name": "Name", "type": "title", "title": map[string]any{}},
			"Status":              statusSchema(),
			"Clients":             map[string]any{"id": "clis", "name": "Clients", "type": "relation", "relation": map[string]any{"database_id": ClientsDB}},
			"Clockify Client ID":  map[string]any{"id": "ccid", "name": "Clockify Client ID", "type": "rollup", "rollup": map[string]any{"relation_property_name": "Clients", "rollup_property_name": "Clockify Client ID", "function": "show_original"}},
			"Clockify Project ID": map[string]any{"id": "cpid", "name": "Clockify Project ID", "type": "rich_text", "rich_text": map[string]any{}},
		}),
		db(TasksDB, "Tasks", map[string]any{
			"Name":                map[string]any{"id": "title", "name": "Name", "type": "title", "title": map[string]any{}},
			"Status":              statusSchema(),
			"Projects":            map[string]any{"id": "prjs", "name": "Projects", "type": "relation", "relation": map[string]any{"database_id": ProjectsDB}},
			"Clockify Project ID": map[string]any{"id": "cpid", "name": "Clockify Project ID", "type": "rollup", "rollup": map[string]any{"relation_property_name": "Projects", "rollup_property_name": "Clockify Project ID", "function": "show_original"}},
			"Clients":             map[string]any{"id": "clis", "name": "Clients", "type": "rollup", "rollup": map[string]any{"relation_property_name": "Projects", "rollup_property_name": "Clients", "function": "show_original"}},
			"Clockify Task ID":    map[string]any{"id": "ctid", "name": "Clockify Task ID", "type": "rich_text", "rich_text": map[string]any{}},
		}),
	}
}

// sortedKeys is used for deterministic iteration.
func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
