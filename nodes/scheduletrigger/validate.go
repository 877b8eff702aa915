package scheduletrigger

import "fmt"

// intervalProblem is what typeVersion 1.3 refuses in a rule before it
// registers anything (n8n's validateInterval): the description of the
// "Invalid interval" error, or "" when the rule is fine. Missing values take
// the defaults the editor stores, so they never fail.
func intervalProblem(m map[string]any) string {
	field, _ := m["field"].(string)
	n := func(name string, def int) int {
		v, ok := m[name]
		if !ok || v == nil {
			return def
		}
		i, err := toInt(name, v)
		if err != nil {
			return def // buildSchedule reports the bad value itself
		}
		return i
	}
	switch field {
	case "seconds":
		if s := n("secondsInterval", 30); s > 59 || s < 1 {
			return "Seconds must be in range 1-59"
		}
	case "minutes":
		if s := n("minutesInterval", 5); s > 59 || s < 1 {
			return "Minutes must be in range 1-59"
		}
	case "hours":
		if s := n("hoursInterval", 1); s > 23 || s < 1 {
			return "Hours must be in range 1-23"
		}
	case "days":
		if s := n("daysInterval", 1); s > 31 || s < 1 {
			return "Days must be in range 1-31"
		}
	case "months":
		if s := n("monthsInterval", 1); s < 1 {
			return "Months must be larger than 0"
		}
	}
	return ""
}

// ValidateIntervals checks every rule of a typeVersion ≥ 1.3 trigger, as n8n
// does when it activates the workflow or runs the trigger by hand (a CLI run
// passes the trigger through untouched, so it never checks). The error is an
// *IntervalError naming the rule.
func ValidateIntervals(params map[string]any, version float64) error {
	if version < 1.3 {
		return nil
	}
	rule, _ := params["rule"].(map[string]any)
	list, _ := rule["interval"].([]any)
	for i, r := range list {
		m, _ := r.(map[string]any)
		if d := intervalProblem(m); d != "" {
			return &IntervalError{Index: i, Description: d}
		}
	}
	return nil
}

// IntervalError is n8n's "Invalid interval" with its description; Index is
// the rule's index (n8n's itemIndex).
type IntervalError struct {
	Index       int
	Description string
}

func (e *IntervalError) Error() string {
	return fmt.Sprintf("Invalid interval: %s (rule %d)", e.Description, e.Index+1)
}
