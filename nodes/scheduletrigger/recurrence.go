package scheduletrigger

import "time"

// Recurrence is n8n's filter for intervals the cron cannot express (every
// 2nd day, 3rd week…): the cron fires every hour/day/week/month and a tick
// runs only when the unit moved on by the interval since the last run.
type Recurrence struct {
	Activated    bool
	Index        int
	IntervalSize int
	// Unit is hours, days, weeks or months.
	Unit string
}

func recurrence(index int, unit string, size int) Recurrence {
	if size == 1 {
		return Recurrence{}
	}
	return Recurrence{Activated: true, Index: index, IntervalSize: size, Unit: unit}
}

// Check reports whether a tick at t (in the workflow zone) runs, and records
// it in state, which is n8n's node static data "recurrenceRules" (rule index
// → last hour / day of year / week / month). The arithmetic is n8n's,
// including its quirks: days wrap at 365 and weeks at 52.
func (r Recurrence) Check(t time.Time, state map[int]int) bool {
	if !r.Activated {
		return true
	}
	if r.IntervalSize == 0 {
		return false
	}
	last, seen := state[r.Index]
	var cur, mod int
	switch r.Unit {
	case "hours":
		cur, mod = t.Hour(), 24
	case "days":
		cur, mod = t.YearDay(), 365
	case "weeks":
		cur, mod = localeWeek(t), 52
		if seen && cur == last {
			// Several weekdays in the same week.
			return true
		}
	case "months":
		cur, mod = int(t.Month())-1, 12
	default:
		return false
	}
	if !seen || cur == (r.IntervalSize+last)%mod {
		state[r.Index] = cur
		return true
	}
	return false
}

// localeWeek is moment's week() in the default "en" locale: weeks start on
// Sunday and week 1 is the one holding January 1st.
func localeWeek(t time.Time) int {
	y := t.Year()
	offset := func(year int) int {
		// -(weekday of Jan 1): moment's firstWeekOffset for dow 0, doy 6.
		return -int(time.Date(year, 1, 1, 0, 0, 0, 0, t.Location()).Weekday())
	}
	week := (t.YearDay()-offset(y)-1)/7 + 1
	daysInYear := time.Date(y, 12, 31, 0, 0, 0, 0, t.Location()).YearDay()
	weeksInYear := (daysInYear - offset(y) + offset(y+1)) / 7
	if week > weeksInYear {
		return week - weeksInYear
	}
	return week
}
