// Package intl formats dates and numbers as JavaScript's Intl does on the
// Node.js n8n runs on (ICU 78): Date.prototype.toLocaleString and its
// date/time variants, Luxon's toLocaleString, monthLong/weekdayLong, and
// Number.prototype.toLocaleString. It covers the locales users of n8n
// write most (en-US, en-GB, de, fr, es, it, nl, pt-BR; other tags fall back
// to their language, then to en-US) and the options workflows pass:
// dateStyle/timeStyle, the date and time components, hour12/hourCycle,
// timeZone, timeZoneName; decimal, currency and percent styles with
// fraction and grouping options. testdata/cases.json is recorded from
// Node's own Intl (record.js) and checked by the tests.
package intl
