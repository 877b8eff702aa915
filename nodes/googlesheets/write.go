package googlesheets

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/n8n-go/n8n-go/engine"
	"github.com/n8n-go/n8n-go/engine/data"
)

// cellFormatDefault is RAW before 4.1, USER_ENTERED since.
func (r *run) cellFormatDefault() string {
	if r.version < 4.1 {
		return "RAW"
	}
	return "USER_ENTERED"
}

func (r *run) options() (*data.Object, error) {
	v, err := r.ex.ParamOr("options", 0, data.NewObject(0))
	if err != nil {
		return nil, err
	}
	if o := obj(v); o != nil {
		return o, nil
	}
	return data.NewObject(0), nil
}

// mappingMode is dataMode before 4, columns.mappingMode since.
func (r *run) mappingMode() (string, error) {
	if r.version < 4 {
		return r.str("dataMode", 0, "defineBelow")
	}
	return r.str("columns.mappingMode", 0, "defineBelow")
}

// fieldsV3 is mapFields before 4: fieldsUi.fieldValues as {fieldId: fieldValue}.
func (r *run) fieldsV3(i int) (*data.Object, error) {
	v, err := r.ex.ParamOr("fieldsUi.fieldValues", i, []any{})
	if err != nil {
		return nil, err
	}
	list, _ := v.([]any)
	out := data.NewObject(len(list))
	for _, e := range list {
		o := obj(e)
		id, ok := o.Get("fieldId")
		if !ok {
			id = ""
		}
		val, ok := o.Get("fieldValue")
		if !ok {
			val = ""
		}
		out.Set(jsString(id), val)
	}
	return out, nil
}

// columnValues is getNodeParameter('columns.value', i) with the resource
// mapper's type conversion (number and boolean columns).
func (r *run) columnValues(i int) (*data.Object, error) {
	v, err := r.ex.Param("columns.value", i)
	if err != nil {
		return nil, err
	}
	o := obj(v)
	if o == nil {
		return nil, engine.OperationError(i, "Cannot convert undefined or null to object")
	}
	o = o.Clone()
	schema, _ := r.ex.Params().Value("columns").(*data.Object).Value("schema").([]any)
	for k, val := range o.All() {
		for _, s := range schema {
			so := obj(s)
			if jsString(so.Value("id")) != k || !truthy(so.Value("type")) {
				continue
			}
			nv, err := convertField(k, val, jsString(so.Value("type")))
			if err != nil {
				return nil, err
			}
			o.Set(k, nv)
		}
	}
	return o, nil
}

// convertField is validateFieldType without strict checks.
func convertField(name string, v any, typ string) (any, error) {
	if v == nil || data.IsUndefined(v) {
		// validateFieldType answers {valid: true} without a new value:
		// the key stays, undefined (JSON drops it).
		return data.Undefined, nil
	}
	switch strings.ToLower(typ) {
	case "number":
		switch x := v.(type) {
		case float64:
			return x, nil
		case string:
			if f, ok := jsNumber(x); ok {
				return f, nil
			}
		case bool:
			if x {
				return 1.0, nil
			}
			return 0.0, nil
		}
		return nil, &engine.NodeError{Name: "ExpressionError", Message: fmt.Sprintf("Invalid input for '%s' [item 0]", name),
			Description: fmt.Sprintf("'%s' expects a number but we got '%s'", name, jsString(v)), ItemIndex: -1}
	case "boolean":
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "true", "1", "yes":
				return true, nil
			case "false", "0", "no":
				return false, nil
			}
		case float64:
			if x == 1 {
				return true, nil
			}
			if x == 0 {
				return false, nil
			}
		}
		return nil, &engine.NodeError{Name: "ExpressionError", Message: fmt.Sprintf("Invalid input for '%s' [item 0]", name),
			Description: fmt.Sprintf("'%s' expects a boolean but we got '%s'", name, jsString(v)), ItemIndex: -1}
	}
	return v, nil
}

// jsNumber is Number(s) for decimal text ("" is 0).
func jsNumber(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, true
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || strings.ContainsAny(t, "_xXpP") {
		return 0, false
	}
	return f, true
}

// checkSchema is checkForSchemaChanges.
func checkSchema(columnNames []any, schema []any) error {
	var names []string
	hasRowNumber := false
	for _, c := range columnNames {
		if c == "" {
			continue
		}
		s := jsString(c)
		names = append(names, s)
		if c == rowNumber {
			hasRowNumber = true
		}
	}
	var ids []string
	for _, s := range schema {
		id := jsString(obj(s).Value("id"))
		if !hasRowNumber && id == rowNumber {
			continue
		}
		ids = append(ids, id)
	}
	var changed []string
	for i, n := range names {
		if i >= len(ids) {
			break
		}
		if n != ids[i] {
			changed = append(changed, ids[i]+" -> "+n)
		}
	}
	if len(changed) > 0 {
		ne := engine.OperationError(-1, "Column names were updated after the node's setup")
		ne.Description = "Refresh the columns list in the 'Column to Match On' parameter. Updated columns: " + strings.Join(changed, ", ")
		return ne
	}
	return nil
}

// appendRows is the append operation.
func (r *run) appendRows(ctx context.Context, sh *sheet, sheetName, sheetID string) ([]data.Item, error) {
	mode, err := r.mappingMode()
	if err != nil {
		return nil, err
	}
	if len(r.items) == 0 || mode == "nothing" {
		return nil, nil
	}
	options, err := r.options()
	if err != nil {
		return nil, err
	}
	keyRow := 1
	if hr := obj(obj(options.Value("locationDefine")).Value("values")).Value("headerRow"); truthy(hr) {
		keyRow = parseInt(hr)
	}
	sheetData, err := sh.getData(ctx, sheetName, "FORMATTED_VALUE", "")
	if err != nil {
		return nil, err
	}
	if len(sheetData) == 0 {
		mode = "autoMapInputData"
	}
	if r.version >= 4.4 && mode != "autoMapInputData" {
		if keyRow-1 < 0 || keyRow-1 >= len(sheetData) {
			return nil, engine.OperationError(-1, "Could not retrieve the column names from row %d", keyRow)
		}
		schema, _ := r.ex.Params().Value("columns").(*data.Object).Value("schema").([]any)
		if err := checkSchema(row(sheetData[keyRow-1]), schema); err != nil {
			return nil, err
		}
	}
	var inputs []*data.Object
	if mode == "autoMapInputData" {
		if inputs, err = r.autoMap(ctx, sh, sheetName, options); err != nil {
			return nil, err
		}
	} else {
		for i := range r.items {
			var m *data.Object
			if r.version < 4 {
				m, err = r.fieldsV3(i)
			} else {
				m, err = r.columnValues(i)
			}
			if err != nil {
				return nil, err
			}
			if r.version >= 4 && m.Len() == 0 {
				return nil, engine.OperationError(-1, "At least one value has to be added under 'Values to Send'")
			}
			inputs = append(inputs, m)
		}
	}
	if len(inputs) == 0 {
		return nil, nil
	}
	inputMode := r.cellFormatDefault()
	if v := options.Value("cellFormat"); truthy(v) {
		inputMode = jsString(v)
	}
	if truthy(options.Value("useAppend")) {
		if err := sh.appendSheetData(ctx, inputs, sheetName, keyRow, inputMode, nil, 0, true); err != nil {
			return nil, err
		}
	} else {
		if err := sh.appendEmptyRows(ctx, sheetID); err != nil {
			return nil, err
		}
		lastRow := len(sheetData) + 1
		if sheetData == nil {
			lastRow = 2
		}
		if err := sh.appendSheetData(ctx, inputs, sheetName, keyRow, inputMode, nil, lastRow, false); err != nil {
			return nil, err
		}
	}
	if r.version < 4 || mode == "autoMapInputData" {
		return r.pairedInputs(), nil
	}
	out := make([]data.Item, len(inputs))
	for i, o := range inputs {
		out[i] = data.Item{JSON: o, Paired: data.One(i)}
	}
	return out, nil
}

// pairedInputs is the input items, each paired with itself.
func (r *run) pairedInputs() []data.Item {
	out := make([]data.Item, len(r.items))
	for i, it := range r.items {
		it.Paired = data.One(i)
		out[i] = it
	}
	return out
}

// autoMap is autoMapInputData: the header row read, new columns added to
// it (insertInNewColumn), unknown ones refused (error) or ignored.
func (r *run) autoMap(ctx context.Context, sh *sheet, rng string, options *data.Object) ([]*data.Object, error) {
	name := strings.Split(rng, "!")[0]
	extra := "insertInNewColumn"
	if v := options.Value("handlingExtraData"); truthy(v) {
		extra = jsString(v)
	}
	headerRow := 1
	if loc := obj(obj(options.Value("locationDefine")).Value("values")); loc != nil {
		headerRow = parseInt(loc.Value("headerRow"))
	}
	resp, err := sh.getData(ctx, fmt.Sprintf("%s!%d:%d", name, headerRow, headerRow), "FORMATTED_VALUE", "")
	if err != nil {
		return nil, err
	}
	var columns []any
	if resp != nil {
		columns = row(resp[0])
	}
	has := func(k string) bool {
		for _, c := range columns {
			if c == k {
				return true
			}
		}
		return false
	}
	inputMode := "RAW"
	if v := options.Value("cellFormat"); truthy(v) {
		inputMode = jsString(v)
	}
	var out []*data.Object
	switch extra {
	case "insertInNewColumn":
		if len(columns) == 0 {
			first := r.items[0].JSON
			var hdr []any
			for _, k := range first.Keys() {
				if k != rowNumber {
					hdr = append(hdr, k)
				}
			}
			if _, err := sh.updateRows(ctx, name, []any{nonNil(hdr)}, inputMode, headerRow, 0, false); err != nil {
				return nil, err
			}
			columns = nil
			for _, k := range first.Keys() {
				columns = append(columns, k)
			}
		}
		var added []any
		seen := map[string]bool{}
		for _, it := range r.items {
			for _, k := range it.JSON.Keys() {
				if k != rowNumber && !has(k) && !seen[k] {
					seen[k] = true
					added = append(added, k)
				}
			}
			if truthy(it.JSON.Value(rowNumber)) {
				c := it.JSON.Clone()
				c.Delete(rowNumber)
				out = append(out, c)
				continue
			}
			out = append(out, it.JSON)
		}
		if len(added) > 0 {
			all := append(append([]any{}, columns...), added...)
			if _, err := sh.updateRows(ctx, name, []any{all}, inputMode, headerRow, 0, false); err != nil {
				return nil, err
			}
		}
	case "ignoreIt":
		for _, it := range r.items {
			out = append(out, it.JSON)
		}
	case "error":
		for i, it := range r.items {
			for _, k := range it.JSON.Keys() {
				if !has(k) {
					ne := engine.OperationError(i, "Unexpected fields in node input")
					ne.Description = fmt.Sprintf("The input field '%s' doesn't match any column in the Sheet. You can ignore this by changing the 'Handling extra data' field, which you can find under 'Options'.", k)
					return nil, ne
				}
			}
			out = append(out, it.JSON)
		}
	}
	return out, nil
}

func nonNil(a []any) []any {
	if a == nil {
		return []any{}
	}
	return a
}

// update is the update operation, and with upsert appendOrUpdate.
func (r *run) update(ctx context.Context, sh *sheet, sheetName, sheetID string, upsert bool) ([]data.Item, error) {
	rng := sheetName + "!A:Z"
	inputMode := r.cellFormatDefault()
	if v, err := r.ex.ParamOr("options.cellFormat", 0, inputMode); err != nil {
		return nil, err
	} else {
		inputMode = jsString(v)
	}
	options, err := r.options()
	if err != nil {
		return nil, err
	}
	keyRow, dataStart := 0, 1
	if loc := obj(obj(options.Value("locationDefine")).Value("values")); loc != nil {
		if v := loc.Value("headerRow"); truthy(v) {
			keyRow = parseInt(v) - 1
		}
		if v := loc.Value("firstDataRow"); truthy(v) {
			dataStart = parseInt(v) - 1
		}
	}
	mode, err := r.mappingMode()
	if err != nil {
		return nil, err
	}
	sheetData, err := sh.getData(ctx, sheetName, "FORMATTED_VALUE", "")
	if err != nil {
		return nil, err
	}
	var columns []any
	if upsert {
		if sheetData == nil {
			sheetData = []any{}
		}
		if (keyRow < 0 || keyRow >= len(sheetData) || !truthy(sheetData[keyRow])) && mode != "autoMapInputData" {
			if len(sheetData) == 0 {
				mode = "autoMapInputData"
			} else {
				return nil, engine.OperationError(-1, "Could not retrieve the column names from row %d", keyRow+1)
			}
		}
		if keyRow >= 0 && keyRow < len(sheetData) {
			columns = append(columns, row(sheetData[keyRow])...)
		}
		if r.version >= 4.4 {
			schema, _ := r.ex.Params().Value("columns").(*data.Object).Value("schema").([]any)
			if err := checkSchema(columns, schema); err != nil {
				return nil, err
			}
		}
	} else {
		if keyRow < 0 || keyRow >= len(sheetData) {
			return nil, engine.OperationError(-1, "Could not retrieve the column names from row %d", keyRow+1)
		}
		columns = append(columns, row(sheetData[keyRow])...)
	}
	var matchOn any = data.Undefined
	if r.version < 4 {
		if matchOn, err = r.ex.ParamOr("columnToMatchOn", 0, ""); err != nil {
			return nil, err
		}
	} else {
		matchV, err := r.ex.Param("columns.matchingColumns", 0)
		if err != nil {
			return nil, err
		}
		if matchList, _ := matchV.([]any); len(matchList) > 0 {
			matchOn = matchList[0]
		}
	}
	matchName := jsString(matchOn)
	keyIndex := indexOf(columns, matchOn)
	// getColumnValues over the sheet data: the key column from the first
	// data row on.
	var columnValues []any
	if dataStart-1 >= 0 && dataStart-1 <= len(sheetData) {
		for _, rw := range sheetData[dataStart-1:] {
			v, _ := cell(row(rw), keyIndex)
			columnValues = append(columnValues, v)
		}
	}
	if len(columnValues) > 0 {
		columnValues = columnValues[1:]
	}

	var updates []any
	var appendData []*data.Object
	var mapped []*data.Object
	added := []any{}
	addedSet := map[string]bool{}
	addNew := func(k string) {
		if indexOf(columns, k) < 0 && k != rowNumber && !addedSet[k] {
			addedSet[k] = true
			added = append(added, k)
		}
	}
	for i := range r.items {
		if mode == "nothing" {
			continue
		}
		var inputs []*data.Object
		if mode == "autoMapInputData" {
			extra := "insertInNewColumn"
			if v := options.Value("handlingExtraData"); truthy(v) {
				extra = jsString(v)
			}
			js := r.items[i].JSON
			switch extra {
			case "ignoreIt":
				inputs = append(inputs, js)
			case "error":
				for _, k := range js.Keys() {
					if indexOf(columns, k) < 0 {
						ne := engine.OperationError(i, "Unexpected fields in node input")
						ne.Description = fmt.Sprintf("The input field '%s' doesn't match any column in the Sheet. You can ignore this by changing the 'Handling extra data' field, which you can find under 'Options'.", k)
						return nil, ne
					}
				}
				inputs = append(inputs, js)
			case "insertInNewColumn":
				for _, k := range js.Keys() {
					addNew(k)
				}
				inputs = append(inputs, js)
			}
		} else if r.version < 4 {
			match, err := r.ex.ParamOr("valueToMatchOn", i, "")
			if err != nil {
				return nil, err
			}
			if match == "" {
				return nil, engine.OperationError(i, "The 'Column to Match On' parameter is required")
			}
			sendV, err := r.ex.ParamOr("fieldsUi.values", i, []any{})
			if err != nil {
				return nil, err
			}
			send, _ := sendV.([]any)
			if len(send) == 0 {
				return nil, engine.OperationError(-1, "At least one value has to be added under 'Values to Send'")
			}
			fields := data.NewObject(len(send) + 1)
			for _, e := range send {
				o := obj(e)
				val, ok := o.Get("fieldValue")
				if !ok {
					val = ""
				}
				if col := jsString(o.Value("column")); col == "newColumn" {
					name := jsString(o.Value("columnName"))
					addNew(name)
					fields.Set(name, val)
				} else {
					fields.Set(col, val)
				}
			}
			fields.Set(matchName, match)
			inputs = append(inputs, fields)
		} else {
			values, err := r.columnValues(i)
			if err != nil {
				return nil, err
			}
			mv, ok := values.Get(matchName)
			if !ok || data.IsUndefined(mv) || mv == "" {
				return nil, engine.OperationError(i, "The 'Column to Match On' parameter is required")
			}
			if values.Len() == 0 {
				return nil, engine.OperationError(-1, "At least one value has to be added under 'Values to Send'")
			}
			for k, v := range values.All() {
				if !upsert && k == rowNumber && data.IsUndefined(v) && r.version >= 4.6 {
					ne := engine.OperationError(-1, "row_number is null or undefined")
					ne.Name = "UserError"
					ne.Description = "Since it's being used to determine the row to update, it cannot be null or undefined"
					return nil, ne
				}
				if v == nil || data.IsUndefined(v) {
					values.Set(k, "")
				}
			}
			inputs = append(inputs, values)
			mapped = append(mapped, values)
		}
		if len(added) > 0 {
			all := append(append([]any{}, columns...), added...)
			format := r.cellFormatDefault()
			if v := options.Value("cellFormat"); truthy(v) {
				format = jsString(v)
			}
			if _, err := sh.updateRows(ctx, sheetName, []any{all}, format, keyRow+1, 0, false); err != nil {
				return nil, err
			}
			columns = all
			if upsert {
				for len(sheetData) <= keyRow {
					sheetData = append(sheetData, nil)
				}
				sheetData[keyRow] = all
			}
			added, addedSet = []any{}, map[string]bool{}
		}
		if !upsert && matchName == rowNumber {
			updates = append(updates, byRowNumber(inputs, sheetName, columns)...)
			continue
		}
		u, a, err := prepareUpsert(inputs, matchName, sheetName, dataStart, upsert, columns, columnValues)
		if err != nil {
			return nil, err
		}
		updates = append(updates, u...)
		appendData = append(appendData, a...)
	}
	if len(updates) > 0 {
		if err := sh.batchUpdate(ctx, updates, inputMode); err != nil {
			return nil, err
		}
	}
	if len(appendData) > 0 {
		lastRow := len(sheetData) + 1
		useAppend := truthy(options.Value("useAppend"))
		if !useAppend {
			if err := sh.appendEmptyRows(ctx, sheetID); err != nil {
				return nil, err
			}
		}
		if err := sh.appendSheetData(ctx, appendData, rng, keyRow+1, inputMode, nonNil(columns), lastRow, useAppend); err != nil {
			return nil, err
		}
	}
	if r.version < 4 || mode == "autoMapInputData" {
		return r.pairedInputs(), nil
	}
	if !upsert && len(updates) == 0 {
		return nil, nil
	}
	out := make([]data.Item, len(mapped))
	for i, o := range mapped {
		out[i] = data.Item{JSON: o, Paired: data.One(i)}
	}
	return out, nil
}

// indexOf is Array.prototype.indexOf (strict equality) over header cells.
func indexOf(list []any, v any) int {
	for i, e := range list {
		if e == v {
			return i
		}
	}
	return -1
}

// cellValue is a value to write: objects as JSON text.
func cellValue(v any) any {
	switch v.(type) {
	case *data.Object, []any:
		if b, err := data.MarshalValue(v); err == nil {
			return string(b)
		}
	}
	return v
}

// byRowNumber is prepareDataForUpdatingByRowNumber.
func byRowNumber(inputs []*data.Object, sheetName string, columns []any) []any {
	var out []any
	for _, item := range inputs {
		rowN := jsString(item.Value(rowNumber))
		for _, name := range columns {
			n := jsString(name)
			if n == rowNumber {
				continue
			}
			v, ok := item.Get(n)
			if !ok || v == nil || data.IsUndefined(v) {
				continue
			}
			col := columnName(indexOf(columns, name) + 1)
			out = append(out, data.ObjectOf("range", fmt.Sprintf("%s!%s%s", sheetName, col, rowN), "values", []any{[]any{cellValue(v)}}))
		}
	}
	return out
}

// prepareUpsert is prepareDataForUpdateOrUpsert with the header row and
// the key column's values known.
func prepareUpsert(inputs []*data.Object, indexKey, sheetName string, dataStart int, upsert bool, columns, columnValues []any) ([]any, []*data.Object, error) {
	if indexOf(columns, indexKey) < 0 && !upsert {
		return nil, nil, engine.OperationError(-1, "Could not find column for key \"%s\"", indexKey)
	}
	var updates []any
	var appends []*data.Object
	for _, item := range inputs {
		key, ok := item.Get(indexKey)
		if !ok || key == nil || data.IsUndefined(key) {
			if upsert {
				appends = append(appends, item)
			}
			continue
		}
		at := -1
		for i, v := range columnValues {
			if v != nil && jsString(v) == jsString(key) {
				at = i
				break
			}
		}
		if at < 0 {
			if upsert {
				appends = append(appends, item)
			}
			continue
		}
		rowN := at + dataStart + 1
		for _, name := range columns {
			n := jsString(name)
			if n == indexKey {
				continue
			}
			v, ok := item.Get(n)
			if !ok || v == nil || data.IsUndefined(v) {
				continue
			}
			col := columnName(indexOf(columns, name) + 1)
			updates = append(updates, data.ObjectOf("range", fmt.Sprintf("%s!%s%d", sheetName, col, rowN), "values", []any{[]any{cellValue(v)}}))
		}
	}
	return updates, appends, nil
}
