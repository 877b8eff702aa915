package clockify

// Entities are kept as structs whose field order follows the real API's
// responses, so dumps and node outputs read like Clockify's.

// Rate is Clockify's money amount.
type Rate struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

// Workspace is a Clockify workspace.
type Workspace struct {
	ID                      string         `json:"id"`
	Name                    string         `json:"name"`
	HourlyRate              Rate           `json:"hourlyRate"`
	Memberships             []any          `json:"memberships"`
	WorkspaceSettings       map[string]any `json:"workspaceSettings"`
	ImageURL                string         `json:"imageUrl"`
	FeatureSubscriptionType any            `json:"featureSubscriptionType"`
}

// Client is a Clockify client.
type Client struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Email        any    `json:"email"`
	WorkspaceID  string `json:"workspaceId"`
	Archived     bool   `json:"archived"`
	Address      any    `json:"address"`
	Note         any    `json:"note"`
	CurrencyID   any    `json:"currencyId"`
	CurrencyCode any    `json:"currencyCode"`
}

// Estimate is a project's estimate block.
type Estimate struct {
	Estimate string `json:"estimate"`
	Type     string `json:"type"`
}

// Project is a Clockify project.
type Project struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	HourlyRate     *Rate    `json:"hourlyRate"`
	ClientID       string   `json:"clientId"`
	WorkspaceID    string   `json:"workspaceId"`
	Billable       bool     `json:"billable"`
	Memberships    []any    `json:"memberships"`
	Color          string   `json:"color"`
	Estimate       Estimate `json:"estimate"`
	Archived       bool     `json:"archived"`
	Duration       string   `json:"duration"`
	ClientName     string   `json:"clientName"`
	Note           string   `json:"note"`
	CostRate       any      `json:"costRate"`
	TimeEstimate   any      `json:"timeEstimate"`
	BudgetEstimate any      `json:"budgetEstimate"`
	Template       bool     `json:"template"`
	Public         bool     `json:"public"`
}

// Task is a Clockify task.
type Task struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	ProjectID      string   `json:"projectId"`
	AssigneeIDs    []string `json:"assigneeIds"`
	AssigneeID     any      `json:"assigneeId"`
	UserGroupIDs   []string `json:"userGroupIds"`
	Estimate       string   `json:"estimate"`
	Status         string   `json:"status"`
	BudgetEstimate float64  `json:"budgetEstimate"`
	Billable       bool     `json:"billable"`
	HourlyRate     any      `json:"hourlyRate"`
	CostRate       any      `json:"costRate"`
	Duration       string   `json:"duration"`
}

// Tag is a Clockify tag.
type Tag struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	WorkspaceID string `json:"workspaceId"`
	Archived    bool   `json:"archived"`
}

// User is a workspace member.
type User struct {
	ID               string         `json:"id"`
	Email            string         `json:"email"`
	Name             string         `json:"name"`
	Memberships      []any          `json:"memberships"`
	ProfilePicture   string         `json:"profilePicture"`
	ActiveWorkspace  string         `json:"activeWorkspace"`
	DefaultWorkspace string         `json:"defaultWorkspace"`
	Settings         map[string]any `json:"settings"`
	Status           string         `json:"status"`
}

// TimeInterval is a time entry's interval.
type TimeInterval struct {
	Start    string `json:"start"`
	End      any    `json:"end"`
	Duration any    `json:"duration"`
}

// TimeEntry is a Clockify time entry.
type TimeEntry struct {
	ID                string       `json:"id"`
	Description       string       `json:"description"`
	TagIDs            []string     `json:"tagIds"`
	UserID            string       `json:"userId"`
	Billable          bool         `json:"billable"`
	TaskID            any          `json:"taskId"`
	ProjectID         any          `json:"projectId"`
	WorkspaceID       string       `json:"workspaceId"`
	TimeInterval      TimeInterval `json:"timeInterval"`
	CustomFieldValues []any        `json:"customFieldValues"`
	Type              string       `json:"type"`
	KioskID           any          `json:"kioskId"`
	IsLocked          bool         `json:"isLocked"`
}

// State is the whole store, the format of Seed and Dump. Every entity list
// is in creation order; NextID is the id counter.
type State struct {
	NextID      uint64       `json:"nextId,omitempty"`
	Workspaces  []*Workspace `json:"workspaces"`
	Clients     []*Client    `json:"clients"`
	Projects    []*Project   `json:"projects"`
	Tasks       []*Task      `json:"tasks"`
	Tags        []*Tag       `json:"tags"`
	Users       []*User      `json:"users"`
	TimeEntries []*TimeEntry `json:"timeEntries"`
}
