package notion

// mapShapes are the key sets of the maps the fake stores by the
// thousand (normRichText's runs, their annotations and text, user and
// parent references, options, relation entries), each in byte order
// with what precedes each key's value. A map of one of these shapes is
// written by looking its keys up in that order, without collecting and
// sorting its entries first.
var mapShapes = [...][]struct{ key, head string }{
	{{"annotations", `{"annotations":`}, {"href", `,"href":`}, {"plain_text", `,"plain_text":`}, {"text", `,"text":`}, {"type", `,"type":`}},
	{{"bold", `{"bold":`}, {"code", `,"code":`}, {"color", `,"color":`}, {"italic", `,"italic":`}, {"strikethrough", `,"strikethrough":`}, {"underline", `,"underline":`}},
	{{"content", `{"content":`}, {"link", `,"link":`}},
	{{"id", `{"id":`}, {"object", `,"object":`}},
	{{"database_id", `{"database_id":`}, {"type", `,"type":`}},
	{{"color", `{"color":`}, {"id", `,"id":`}, {"name", `,"name":`}},
	{{"id", `{"id":`}},
}

// appendShaped writes x when its keys are one of mapShapes; done is false
// (nothing written) otherwise.
func appendShaped(b []byte, x map[string]any) (_ []byte, ok, done bool) {
	var vals [6]any
	for _, shape := range mapShapes {
		if len(shape) != len(x) {
			continue
		}
		match := true
		for i, m := range shape {
			v, has := x[m.key]
			if !has {
				match = false
				break
			}
			vals[i] = v
		}
		if !match {
			continue
		}
		for i, m := range shape {
			b = append(b, m.head...)
			if b, ok = appendValue(b, vals[i]); !ok {
				return b, false, true
			}
		}
		return append(b, '}'), true, true
	}
	return b, false, false
}
