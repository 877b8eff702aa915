package intl

import (
	"strings"
	"sync"
)

// Locale is the CLDR data one locale needs here. Patterns use a small
// ICU-like syntax: y yy M MM MMM MMMM d dd EEE EEEE h hh H HH mm ss a z
// zzzz, and text in single quotes.
type Locale struct {
	Tag                  string
	Months, MonthsShort  [12]string
	Weekdays, WdaysShort [7]string // Sunday first
	// Date and Time are the dateStyle / timeStyle patterns: full, long,
	// medium, short.
	Date, Time [4]string
	// Join joins a date and a time, by the date's style (full … short);
	// the default format (toLocaleString) uses the short joiner.
	Join [4]string
	// NumericDate is the default date (toLocaleDateString): M/d/y in en-US;
	// MonthDay is its day and month alone.
	NumericDate, MonthDay string
	// MonthsShortFmt and WdaysShortFmt are the abbreviations used beside
	// other fields (de: "15. Jan."), where they differ from the
	// stand-alone ones (de: "Jan"); nil means the same.
	MonthsShortFmt *[12]string
	WdaysShortFmt  *[7]string
	// WdaySepText separates a weekday from a date with a month name
	// (en-GB: "Mon 15 Jan"); "" means the full pattern's separator.
	WdaySepText string
	// HourOnly is the pattern of the hour alone on a 24-hour clock
	// (de: "HH 'Uhr'").
	HourOnly string
	AM, PM   string
	Hour12   bool
	// UTCLong is the long name of UTC (timeZoneName "long").
	UTCLong string
	// Number symbols; MinGroup 2 means a 4-digit integer is not grouped.
	Group, Decimal string
	MinGroup       int
	// Currency places ¤ (symbol) and # (the number, with its sign);
	// SignInside keeps the minus next to the digits when the symbol comes
	// first (nl: € -1,00; elsewhere -€1.00).
	Currency   string
	SignInside bool
	Percent    string
	// Symbols overrides the currency symbols of enSymbols.
	Symbols map[string]string
}

// Style indexes Date, Time and Join.
const (
	Full = iota
	Long
	Medium
	Short
)

var enSymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$",
	"AUD": "A$", "CNY": "CN¥", "BRL": "R$", "MXN": "MX$", "KRW": "₩", "ILS": "₪", "VND": "₫", "NZD": "NZ$",
	"TWD": "NT$", "HKD": "HK$", "PHP": "₱", "XAF": "FCFA", "XOF": "F\u202fCFA"}

// zeroDigits lists currencies without minor units.
var zeroDigits = map[string]bool{"JPY": true, "KRW": true, "VND": true, "CLP": true, "ISK": true, "UGX": true, "XAF": true, "XOF": true}

const nb, nnb = "\u00a0", "\u202f"

// locales is built on first use: its literal (maps within maps) would
// otherwise be built at package init, which every invocation pays for.
var locales = sync.OnceValue(func() map[string]*Locale {
	m := map[string]*Locale{
		"en-US": {
			MonthDay: "M/d", WdaySepText: "", HourOnly: "h a", AM: "AM", PM: "PM",
			Tag:         "en-US",
			Months:      [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
			MonthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
			Weekdays:    [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
			WdaysShort:  [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
			Date:        [4]string{"EEEE, MMMM d, y", "MMMM d, y", "MMM d, y", "M/d/yy"},
			Time:        [4]string{"h:mm:ss a zzzz", "h:mm:ss a z", "h:mm:ss a", "h:mm a"},
			Join:        [4]string{" 'at' ", " 'at' ", ", ", ", "},
			NumericDate: "M/d/y", Hour12: true, UTCLong: "Coordinated Universal Time",
			Group: ",", Decimal: ".", MinGroup: 1, Currency: "¤#", Percent: "#%",
		},
		"en-GB": {
			MonthDay: "dd/MM", WdaySepText: " ", HourOnly: "HH", AM: "am", PM: "pm",
			Tag:         "en-GB",
			Months:      [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
			MonthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"},
			Weekdays:    [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
			WdaysShort:  [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
			Date:        [4]string{"EEEE, d MMMM y", "d MMMM y", "d MMM y", "dd/MM/y"},
			Time:        [4]string{"HH:mm:ss zzzz", "HH:mm:ss z", "HH:mm:ss", "HH:mm"},
			Join:        [4]string{" 'at' ", " 'at' ", ", ", ", "},
			NumericDate: "dd/MM/y", UTCLong: "Coordinated Universal Time",
			Group: ",", Decimal: ".", MinGroup: 1, Currency: "¤#", Percent: "#%",
			Symbols: map[string]string{"USD": "US$", "JPY": "JP¥"},
		},
		"de": {
			MonthDay: "d.M.", WdaySepText: "", HourOnly: "HH 'Uhr'", AM: "AM", PM: "PM",
			MonthsShortFmt: &[12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
			WdaysShortFmt:  &[7]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
			Tag:            "de-DE",
			Months:         [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
			MonthsShort:    [12]string{"Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"},
			Weekdays:       [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
			WdaysShort:     [7]string{"So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"},
			Date:           [4]string{"EEEE, d. MMMM y", "d. MMMM y", "dd.MM.y", "dd.MM.yy"},
			Time:           [4]string{"HH:mm:ss zzzz", "HH:mm:ss z", "HH:mm:ss", "HH:mm"},
			Join:           [4]string{" 'um' ", " 'um' ", ", ", ", "},
			NumericDate:    "d.M.y", UTCLong: "Koordinierte Weltzeit",
			Group: ".", Decimal: ",", MinGroup: 1, Currency: "#" + nb + "¤", Percent: "#" + nb + "%",
		},
		"fr": {
			MonthDay: "dd/MM", WdaySepText: "", HourOnly: "HH 'h'", AM: "AM", PM: "PM",
			Tag:         "fr-FR",
			Months:      [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
			MonthsShort: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
			Weekdays:    [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
			WdaysShort:  [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
			Date:        [4]string{"EEEE d MMMM y", "d MMMM y", "d MMM y", "dd/MM/y"},
			Time:        [4]string{"HH:mm:ss zzzz", "HH:mm:ss z", "HH:mm:ss", "HH:mm"},
			Join:        [4]string{" 'à' ", " 'à' ", ", ", " "},
			NumericDate: "dd/MM/y", UTCLong: "temps universel coordonné",
			Group: nnb, Decimal: ",", MinGroup: 1, Currency: "#" + nb + "¤", Percent: "#" + nb + "%",
			Symbols: map[string]string{"USD": "$US", "GBP": "£GB", "CAD": "$CA", "AUD": "$AU", "JPY": "JPY"},
		},
		"es": {
			MonthDay: "d/M", WdaySepText: "", HourOnly: "H", AM: "a. m.", PM: "p. m.",
			Tag:         "es-ES",
			Months:      [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
			MonthsShort: [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
			Weekdays:    [7]string{"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
			WdaysShort:  [7]string{"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
			Date:        [4]string{"EEEE, d 'de' MMMM 'de' y", "d 'de' MMMM 'de' y", "d MMM y", "d/M/yy"},
			Time:        [4]string{"H:mm:ss '('zzzz')'", "H:mm:ss z", "H:mm:ss", "H:mm"},
			Join:        [4]string{", ", " 'a las' ", ", ", ", "},
			NumericDate: "d/M/y", UTCLong: "tiempo universal coordinado",
			Group: ".", Decimal: ",", MinGroup: 2, Currency: "#" + nb + "¤", Percent: "#" + nb + "%",
			Symbols: map[string]string{"USD": "US$", "GBP": "GBP", "JPY": "JPY"},
		},
		"it": {
			MonthDay: "dd/MM", WdaySepText: "", HourOnly: "H", AM: "AM", PM: "PM",
			Tag:         "it-IT",
			Months:      [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
			MonthsShort: [12]string{"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"},
			Weekdays:    [7]string{"domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"},
			WdaysShort:  [7]string{"dom", "lun", "mar", "mer", "gio", "ven", "sab"},
			Date:        [4]string{"EEEE d MMMM y", "d MMMM y", "d MMM y", "dd/MM/yy"},
			Time:        [4]string{"HH:mm:ss zzzz", "HH:mm:ss z", "HH:mm:ss", "HH:mm"},
			Join:        [4]string{" 'alle ore' ", " 'alle ore' ", ", ", ", "},
			NumericDate: "dd/MM/y", UTCLong: "Tempo coordinato universale",
			Group: ".", Decimal: ",", MinGroup: 2, Currency: "#" + nb + "¤", Percent: "#%",
			Symbols: map[string]string{"USD": "USD", "JPY": "JPY"},
		},
		"nl": {
			MonthDay: "d-M", WdaySepText: "", HourOnly: "HH", AM: "a.m.", PM: "p.m.",
			Tag:         "nl-NL",
			Months:      [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
			MonthsShort: [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"},
			Weekdays:    [7]string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
			WdaysShort:  [7]string{"zo", "ma", "di", "wo", "do", "vr", "za"},
			Date:        [4]string{"EEEE d MMMM y", "d MMMM y", "d MMM y", "dd-MM-y"},
			Time:        [4]string{"HH:mm:ss zzzz", "HH:mm:ss z", "HH:mm:ss", "HH:mm"},
			Join:        [4]string{" 'om' ", " 'om' ", ", ", ", "},
			NumericDate: "d-M-y", UTCLong: "gecoördineerde wereldtijd",
			Group: ".", Decimal: ",", MinGroup: 1, Currency: "¤" + nb + "#", SignInside: true, Percent: "#%",
			Symbols: map[string]string{"USD": "US$", "JPY": "JP¥"},
		},
		"pt": {
			MonthDay: "dd/MM", WdaySepText: "", HourOnly: "HH", AM: "AM", PM: "PM",
			Tag:         "pt-BR",
			Months:      [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
			MonthsShort: [12]string{"jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."},
			Weekdays:    [7]string{"domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"},
			WdaysShort:  [7]string{"dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb."},
			Date:        [4]string{"EEEE, d 'de' MMMM 'de' y", "d 'de' MMMM 'de' y", "d 'de' MMM 'de' y", "dd/MM/y"},
			Time:        [4]string{"HH:mm:ss zzzz", "HH:mm:ss z", "HH:mm:ss", "HH:mm"},
			Join:        [4]string{" 'às' ", " 'às' ", ", ", ", "},
			NumericDate: "dd/MM/y", UTCLong: "Horário Universal Coordenado",
			Group: ".", Decimal: ",", MinGroup: 1, Currency: "¤" + nb + "#", Percent: "#%",
			Symbols: map[string]string{"USD": "US$", "JPY": "JP¥"},
		},
	}
	// Aliases: a tag resolves by full tag, then by language.
	m["en"] = m["en-US"]
	return m
})

// Resolve finds a locale for a BCP 47 tag: the exact tag, then its
// language, then en-US (what Intl does for a locale it has no data for is
// to fall back the same way to the default locale).
func Resolve(tag string) *Locale {
	all := locales()
	tag = strings.ReplaceAll(tag, "_", "-")
	if l, ok := all[tag]; ok {
		return l
	}
	lang, region, _ := strings.Cut(tag, "-")
	lang = strings.ToLower(lang)
	if region != "" {
		if l, ok := all[lang+"-"+strings.ToUpper(region)]; ok {
			return l
		}
	}
	if lang == "en" {
		switch strings.ToUpper(region) {
		case "GB", "IE", "AU", "NZ", "IN", "ZA":
			return all["en-GB"]
		}
	}
	if l, ok := all[lang]; ok {
		return l
	}
	return all["en-US"]
}

func (l *Locale) symbol(code string) string {
	if s, ok := l.Symbols[code]; ok {
		return s
	}
	if s, ok := enSymbols[code]; ok {
		return s
	}
	return code
}

// MonthName is a month's name: long or short, stand-alone ("March", de
// "Mär") or beside a day (de "März", "15. Jan.").
func (l *Locale) MonthName(m int, short, standalone bool) string {
	if m < 1 || m > 12 {
		return ""
	}
	switch {
	case !short:
		return l.Months[m-1]
	case !standalone && l.MonthsShortFmt != nil:
		return l.MonthsShortFmt[m-1]
	}
	return l.MonthsShort[m-1]
}

// WeekdayName is a weekday's name (0 = Sunday), long or short.
func (l *Locale) WeekdayName(d int, short, standalone bool) string {
	if d < 0 || d > 6 {
		return ""
	}
	switch {
	case !short:
		return l.Weekdays[d]
	case !standalone && l.WdaysShortFmt != nil:
		return l.WdaysShortFmt[d]
	}
	return l.WdaysShort[d]
}

// IsEnglishUS reports whether l is en-US, the locale callers may format
// without this package.
func (l *Locale) IsEnglishUS() bool { return l.Tag == "en-US" }
