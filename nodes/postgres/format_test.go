package postgres

import (
	"math"
	"testing"
	"time"

	"github.com/n8n-go/n8n-go/engine/data"
)

func TestFormatQuery(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		values  []any
		partial bool
		want    string
		err     string
	}{
		{"text quoted", "SELECT $1", []any{"it's"}, false, "SELECT 'it''s'", ""},
		{"numbers", "SELECT $1, $2, $3", []any{1.5, -2.0, math.NaN()}, false, "SELECT 1.5, (-2), 'NaN'", ""},
		{"null and bool", "SELECT $1, $2", []any{nil, true}, false, "SELECT null, true", ""},
		{"array", "SELECT $1, $2", []any{[]any{1.0, "a", []any{2.0}}, []any{}}, false, "SELECT array[1,'a',[2]], '{}'", ""},
		{"object as json", "SELECT $1", []any{data.ObjectOf("a", "b'c")}, false, `SELECT '{"a":"b''c"}'`, ""},
		{"names", "SELECT $1:name FROM $2:name.$3~", []any{[]any{"a", "b\"c"}, "public", "t"}, false, `SELECT "a","b""c" FROM "public"."t"`, ""},
		{"star", "SELECT $1:name", []any{"*"}, false, "SELECT *", ""},
		{"csv of object", "VALUES($1:csv)", []any{data.ObjectOf("x", 1.0, "y", "z")}, false, "VALUES(1,'z')", ""},
		{"raw", "SELECT $1:raw, $1^", []any{"now()"}, false, "SELECT now(), now()", ""},
		{"ten is not one", "SELECT $10", []any{"a"}, true, "SELECT $10", ""},
		{"out of range", "SELECT $2", []any{"a"}, false, "", "Variable $2 out of range. Parameters array length: 1"},
		{"partial keeps", "SELECT $2, $1", []any{"a"}, true, "SELECT $2, 'a'", ""},
		{"bad name", "SELECT $1:name", []any{""}, false, "", `Invalid sql name: ""`},
		{"alias", "SELECT 1 AS $1:alias", []any{"Mixed.lower"}, false, `SELECT 1 AS "Mixed".lower`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := format(tt.query, tt.values, tt.partial)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConcatQueries(t *testing.T) {
	got, err := concatQueries([]query{{text: " SELECT $1; ", values: []any{1.0}}, {text: ";;"}, {text: "SELECT 2;\n"}})
	if err != nil {
		t.Fatal(err)
	}
	if got != "SELECT 1;SELECT 2" {
		t.Errorf("got %q", got)
	}
}

func TestDecode(t *testing.T) {
	d := decoder{isoTimestamps: true, loc: time.UTC}
	tests := []struct {
		name string
		oid  uint32
		text string
		want string
	}{
		{"int4", oidInt4, "42", "42"},
		{"int8 text", oidInt8, "9007199254740993", `"9007199254740993"`},
		{"numeric text", oidNumeric, "1.50", `"1.50"`},
		{"float nan", oidFloat8, "NaN", "null"},
		{"bool", oidBool, "t", "true"},
		{"json order", oidJSON, `{"b":1,"a":2}`, `{"b":1,"a":2}`},
		{"bytea", oidBytea, `\x00ff`, `{"type":"Buffer","data":[0,255]}`},
		{"date", oidDate, "2024-02-29", `"2024-02-29T00:00:00.000Z"`},
		{"timestamptz offset", oidTimestampTZ, "2024-01-02 03:04:05.5+02", `"2024-01-02T01:04:05.500Z"`},
		{"timestamp infinity", oidTimestamp, "infinity", `"infinity"`},
		{"interval", oidInterval, "1 year 2 mons -3 days 04:05:06.7", `{"years":1,"months":2,"days":-3,"hours":4,"minutes":5,"seconds":6,"milliseconds":700}`},
		{"int array", oidInt4Arr, "{1,NULL,{2,3}}", "[1,null,[2,3]]"},
		{"text array", 1009, `{"a b","c\"d",NULL,e}`, `["a b","c\"d",null,"e"]`},
		{"numeric array as numbers", oidNumericArr, "{1.5,2}", "[1.5,2]"},
		{"bigint array as text", oidInt8Arr, "{1,2}", `["1","2"]`},
		{"uuid", 2950, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", `"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"`},
		{"point", oidPoint, "(1.5,-2)", `{"x":1.5,"y":-2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := data.MarshalValue(d.decode(tt.oid, []byte(tt.text)))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got %s, want %s", b, tt.want)
			}
		})
	}
	if v := d.decode(oidInt4, nil); v != nil {
		t.Errorf("NULL decoded to %v", v)
	}
}

func TestIsSelectQuery(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT 1":                             true,
		"/* c */ select 1; select 2":           true,
		"SELECT 1; UPDATE t SET a=1":           false,
		"-- only a comment":                    true,
		"WITH x AS (SELECT 1) SELECT * FROM x": false,
	} {
		if got := isSelectQuery(q); got != want {
			t.Errorf("isSelectQuery(%q) = %v, want %v", q, got, want)
		}
	}
}
