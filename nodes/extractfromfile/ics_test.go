package extractfromfile

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// outlookZone is a VTIMEZONE as Outlook writes it: rules from 1601.
const outlookZone = "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16011028T030000\r\n" +
	"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n" +
	"BEGIN:DAYLIGHT\r\nDTSTART:16010325T020000\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nTZOFFSETFROM:+0100\r\n" +
	"TZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"

// TestZoneRuleCache: the cached expansion of a time zone rule gives the
// occurrences a fresh expansion up to each date gives.
func TestZoneRuleCache(t *testing.T) {
	rules := []string{
		"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "FREQ=YEARLY;INTERVAL=2;BYMONTH=4;BYMONTHDAY=1,31",
		"FREQ=MONTHLY;BYDAY=1FR", "FREQ=MONTHLY;BYDAY=SA;BYHOUR=3", "FREQ=YEARLY;BYYEARDAY=60,366", "FREQ=YEARLY",
	}
	for _, rule := range rules {
		_, r, err := icsRecurrence(rule, nil)
		if err != nil {
			t.Fatal(err)
		}
		cached := &icsZoneProp{start: icsDateTimeDigits("19700329T020000"), rule: r}
		for _, day := range []string{"19700329T010000", "19700329T020000", "19991231T235959", "20240331T013000",
			"20241027T023000", "20240101T000000", "20380119T031407", "21000301T000000", "19800101T000000"} {
			o := icsDateTimeDigits(day)
			want, werr := expandRule(r, cached.start, o)
			got, _, gerr := cached.occurrences(o)
			if fmt.Sprint(werr) != fmt.Sprint(gerr) || !slices.Equal(want, got) {
				t.Errorf("%s at %s: cached %d occurrences (%v), fresh %d (%v)", rule, day, len(got), gerr, len(want), werr)
			}
		}
	}
}

// BenchmarkParseICSZones reads 2,000 events in an Outlook time zone, each
// date resolved through the zone's yearly rules from 1601.
func BenchmarkParseICSZones(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n" + outlookZone)
	for i := range 2000 {
		fmt.Fprintf(&sb, "BEGIN:VEVENT\r\nUID:%d@bench\r\nDTSTAMP:20240101T120000Z\r\nDTSTART;TZID=\"W. Europe Standard Time\":2024%02d%02dT090000\r\n"+
			"DTEND;TZID=\"W. Europe Standard Time\":2024%02d%02dT100000\r\nSUMMARY:Event %d\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\n",
			i, i%12+1, i%28+1, i%12+1, i%28+1, i)
	}
	sb.WriteString("END:VCALENDAR\r\n")
	benchParseICS(b, sb.String(), 2000)
}

// TestICSZonesRobust: calendars with time zones cut anywhere, and rules
// that would expand without end, are errors or objects, never panics or
// runaway memory.
func TestICSZonesRobust(t *testing.T) {
	cal := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + outlookZone + "BEGIN:VEVENT\r\nUID:1\r\nDTSTART;TZID=\"W. Europe Standard Time\":20240331T013000\r\n" +
		"BEGIN:VALARM\r\nTRIGGER;VALUE=DATE-TIME;TZID=Europe/Berlin:20240101T000000\r\nATTACH;VALUE=BINARY:eA==\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	for cut := 0; cut <= len(cal); cut++ {
		_, _ = parseICS(cal[:cut])
	}
	for _, rule := range []string{
		"FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12;BYMINUTE=0,1,2,3,4,5,6,7,8,9",
		"FREQ=SECONDLY", "FREQ=DAILY;INTERVAL=-1", "FREQ=WEEKLY;WKST=XX;BYDAY=MO", "FREQ=YEARLY;BYWEEKNO=1",
	} {
		zone := strings.Replace(outlookZone, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "RRULE:"+rule, 1)
		src := "BEGIN:VCALENDAR\r\n" + zone + "BEGIN:VEVENT\r\nDTSTART;TZID=W. Europe Standard Time:20240101T000000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		if _, err := parseICS(src); err == nil {
			t.Errorf("%s: want an error", rule)
		}
	}
}
