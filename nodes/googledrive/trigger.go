package googledrive

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
	"github.com/n8n-go/n8n-go/internal/auth"
	"github.com/n8n-go/n8n-go/nodes/cron"
)

// TriggerType is the Google Drive Trigger's n8n type name.
const TriggerType = "n8n-nodes-base.googleDriveTrigger"

// longID is a Drive id inside a URL.
var longID = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[-\w]{25,}`)
})

const folderMime = "application/vnd.google-apps.folder"

var driveEvents = []string{"fileCreated", "fileUpdated", "folderCreated", "folderUpdated", "watchFolderUpdated"}

// trigger is the Google Drive Trigger (typeVersion 1), a polling trigger:
// files or folders (in a folder, or one file or folder) created or
// modified since the last poll.
type trigger struct{ tokens *auth.GoogleTokens }

// NewTrigger returns the Google Drive Trigger node.
func NewTrigger() engine.Node { return trigger{tokens: &auth.GoogleTokens{}} }

func (trigger) Describe() engine.Description {
	return engine.Description{
		Type: TriggerType, Versions: []float64{1}, Kind: engine.KindTrigger,
		Defaults: func(float64) map[string]any {
			return map[string]any{"authentication": "oAuth2", "triggerOn": "", "options": map[string]any{},
				"pollTimes": cron.PollTimesDefault()}
		},
		Inputs: func(engine.Params, float64) int { return 0 },
		Credentials: func(p engine.Params, _ float64) []string {
			if a, _ := p.Value("authentication").(string); a == "serviceAccount" {
				return []string{ServiceAccountType}
			}
			return []string{OAuth2Type}
		},
		Check: func(p engine.Params, _ float64) []string {
			var out []string
			if _, err := cron.PollSchedules(data.ToMap(p.Object), nil); err != nil {
				out = append(out, err.Error())
			}
			on, _ := p.Value("triggerOn").(string)
			if on != "specificFile" && on != "specificFolder" && !isExpr(p.Value("triggerOn")) {
				out = append(out, `parameter triggerOn: expected "specificFile" or "specificFolder", got "`+on+`"`)
			}
			if ev, ok := p.Value("event").(string); ok && !isExpr(ev) && !slices.Contains(driveEvents, ev) {
				out = append(out, `parameter event: unknown value "`+ev+`"`)
			}
			return out
		},
	}
}

// Execute passes on the items a poll started the run with.
func (trigger) Execute(_ context.Context, ex *engine.Exec) ([][]data.Item, error) {
	return [][]data.Item{ex.Input(0)}, nil
}

// eventDefault is the event parameter's default for triggerOn.
func eventDefault(on string) string {
	switch on {
	case "specificFile":
		return "fileUpdated"
	case "specificFolder":
		return ""
	}
	return "fileCreated"
}

// Poll is n8n's GoogleDriveTrigger.poll: files.list with a query for the
// event since lastTimeChecked (the newest match, without a time, in a
// manual run, which fails when there is none).
func (t trigger) Poll(ctx context.Context, ex *engine.Exec) ([]data.Item, error) {
	r := &run{ex: ex, tokens: t.tokens}
	manual := ex.PollManual()
	st := ex.StaticData()
	on, err := r.str("triggerOn", 0, "")
	if err != nil {
		return nil, err
	}
	event, err := r.str("event", 0, eventDefault(on))
	if err != nil {
		return nil, err
	}
	options, err := r.coll("options", 0)
	if err != nil {
		return nil, err
	}
	now := ex.Now().UTC().Format("2006-01-02T15:04:05Z")
	start := now
	if v := st.Value("lastTimeChecked"); truthy(v) {
		start = jsString(v)
	}
	qs := data.ObjectOf("includeItemsFromAllDrives", true, "supportsAllDrives", true,
		"spaces", "appDataFolder, drive", "corpora", "allDrives")
	query := []string{"trashed = false"}
	watched := func(name string) (string, error) {
		re := folderURLRe()
		if name == "fileToWatch" {
			re = fileURLRe()
		}
		v, err := r.locator(name, 0, "", re)
		if err != nil {
			return "", err
		}
		return extractID(jsString(v)), nil
	}
	if on == "specificFolder" && event != "watchFolderUpdated" {
		id, err := watched("folderToWatch")
		if err != nil {
			return nil, err
		}
		query = append(query, "'"+id+"' in parents")
	}
	if strings.HasPrefix(event, "file") {
		query = append(query, "mimeType != '"+folderMime+"'")
	} else {
		query = append(query, "mimeType = '"+folderMime+"'")
	}
	if ft := options.Value("fileType"); truthy(ft) && ft != "all" {
		query = append(query, "mimeType = '"+jsString(ft)+"'")
	}
	if !manual {
		field := "modifiedTime"
		if strings.Contains(event, "Created") {
			field = "createdTime"
		}
		query = append(query, field+" > '"+start+"'")
	}
	qs.Set("q", strings.Join(query, " AND "))
	qs.Set("fields", "nextPageToken, files(*)")
	var files []any
	if manual {
		qs.Set("pageSize", 1.0)
		resp, err := r.call(ctx, request{method: "GET", path: "/drive/v3/files", qs: qs}, 0)
		if err != nil {
			return nil, err
		}
		m, _ := resp.value.(*data.Object)
		files, _ = m.Value("files").([]any)
	} else {
		qs.Set("maxResults", 100.0)
		qs.Set("pageSize", 100.0)
		for page := 0; page < 10000; page++ {
			resp, err := r.call(ctx, request{method: "GET", path: "/drive/v3/files", qs: qs}, 0)
			if err != nil {
				return nil, err
			}
			m, _ := resp.value.(*data.Object)
			l, _ := m.Value("files").([]any)
			files = append(files, l...)
			next, _ := m.Value("nextPageToken").(string)
			if next == "" {
				break
			}
			// n8n's v1 googleApiRequestAllItems never sends the token
			// (it would ask for the first page forever); n8n-go pages.
			qs.Set("pageToken", next)
		}
		keep, filter := "", false
		switch {
		case on == "specificFile":
			if keep, err = watched("fileToWatch"); err != nil {
				return nil, err
			}
			filter = true
		case on == "specificFolder" && event == "watchFolderUpdated":
			if keep, err = watched("folderToWatch"); err != nil {
				return nil, err
			}
			filter = true
		}
		if filter {
			files = slices.DeleteFunc(files, func(f any) bool {
				o, _ := f.(*data.Object)
				return o == nil || o.Value("id") != any(keep)
			})
		}
	}
	st.Set("lastTimeChecked", now)
	if len(files) > 0 {
		out := make([]data.Item, 0, len(files))
		for _, f := range files {
			o, ok := f.(*data.Object)
			if !ok {
				o = data.NewObject(0)
			}
			out = append(out, data.Item{JSON: o})
		}
		return out, nil
	}
	if manual {
		return nil, engine.APIError(-1, "", "No data with the current filter could be found", "", nil)
	}
	return nil, nil
}

// extractID is the v1 extractId: the id of a /d/ or /folders/ URL, else
// the value.
func extractID(u string) string {
	if strings.Contains(u, "/d/") {
		if m := longID().FindString(u); m != "" {
			return m
		}
	} else if strings.Contains(u, "/folders/") {
		return strings.Split(u, "/folders/")[1]
	}
	return u
}
