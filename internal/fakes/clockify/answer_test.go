package clockify

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// fill sets every field of the struct *p from vals in turn (strings,
// bools, floats, slices and interfaces), so a field the hand-written
// encoder leaves out changes the output.
func fill(p any, n int) {
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		k := n + i
		switch f.Kind() {
		case reflect.String:
			f.SetString([]string{"x", "<a&b>", "é\u2028\"\\", "", "Project 0006"}[k%5])
		case reflect.Bool:
			f.SetBool(k%2 == 0)
		case reflect.Float64:
			f.SetFloat([]float64{0, 1.5, 1e21, -2e-7, 3}[k%5])
		case reflect.Slice:
			switch f.Type().Elem().Kind() {
			case reflect.String:
				f.Set(reflect.ValueOf([][]string{nil, {}, {"a", "<"}}[k%3]))
			default:
				f.Set(reflect.ValueOf([][]any{nil, {}, {"m"}}[k%3]))
			}
		case reflect.Interface:
			if x := []any{nil, "s", 2.5, true, map[string]any{"a": 1.0}, []any{"x"}}[k%6]; x == nil {
				f.SetZero()
			} else {
				f.Set(reflect.ValueOf(x))
			}
		case reflect.Pointer:
			if k%2 == 0 {
				f.Set(reflect.New(f.Type().Elem()))
				fill(f.Interface(), k)
			}
		case reflect.Struct:
			fill(f.Addr().Interface(), k)
		}
	}
}

// TestMarshalAnswerIsMarshal checks marshalAnswer against json.Marshal
// on tasks, projects and clients with every field set in several ways,
// and on lists of them.
func TestMarshalAnswerIsMarshal(t *testing.T) {
	var values []any
	for n := range 12 {
		task, project, client := &Task{}, &Project{}, &Client{}
		fill(task, n)
		fill(project, n)
		fill(client, n)
		values = append(values, task, project, client, []any{task, client}, []any{project})
	}
	values = append(values, &Task{}, &Project{}, &Client{}, (*Task)(nil), []any{}, []any(nil), []any{(*Client)(nil)},
		[]any{"not an entity"}, map[string]any{"a": 1.0}, &Tag{ID: "t"})
	fast := 0
	for i, v := range values {
		want, werr := json.Marshal(v)
		got, gerr := marshalAnswer(v)
		if werr != nil || gerr != nil || !bytes.Equal(got, want) {
			t.Fatalf("value %d (%T): got %s (%v)\nwant %s (%v)", i, v, got, gerr, want, werr)
		}
		if _, ok := appendAnswer(nil, v); ok {
			fast++
		}
	}
	if fast < 10 {
		t.Errorf("only %d values written without encoding/json", fast)
	}
	if _, err := marshalAnswer(&Task{BudgetEstimate: math.NaN()}); err == nil {
		t.Error("NaN: no error (json.Marshal fails)")
	}
}

// BenchmarkMarshalTask writes a created task's answer.
func BenchmarkMarshalTask(b *testing.B) {
	task := &Task{ID: "640000000000000000000011", Name: "Task 00006", ProjectID: "6400000000000000000003ea",
		AssigneeIDs: []string{}, UserGroupIDs: []string{}, Status: "ACTIVE", Duration: "PT0S"}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := marshalAnswer(task); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			if _, err := json.Marshal(task); err != nil {
				b.Fatal(err)
			}
		}
	})
}
