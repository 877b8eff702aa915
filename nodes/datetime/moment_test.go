package datetime

import (
	"testing"
	"time"
)

func TestMomentFormat(t *testing.T) {
	at := time.Date(2024, 1, 2, 15, 4, 5, 123e6, time.UTC)
	tests := []struct{ f, want string }{
		{"", "2024-01-02T15:04:05+00:00"},
		{"MM/DD/YYYY", "01/02/2024"},
		{"dddd, MMMM Do YYYY, h:mm:ss a", "Tuesday, January 2nd 2024, 3:04:05 pm"},
		{"[Today is] ddd [the] Do", "Today is Tue the 2nd"},
		{"X x SSS", "1704207845 1704207845123 123"},
		{"YY-M-D H:m:s A ZZ", "24-1-2 15:4:5 PM +0000"},
	}
	for _, tc := range tests {
		if got := momentFormat(at, tc.f); got != tc.want {
			t.Errorf("momentFormat(%q) = %q, want %q", tc.f, got, tc.want)
		}
	}
}
