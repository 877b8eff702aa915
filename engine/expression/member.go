package expression

import (
	"github.com/n8n-go/n8n-go/engine/data"
)

// getMember is obj.key for a static key.
func getMember(obj, k any) (any, error) {
	key, _ := k.(string)
	switch x := obj.(type) {
	case *data.Object:
		v, ok := x.Get(key)
		if !ok {
			return undef, nil
		}
		return normNum(v), nil
	case *itemRef:
		return x.get(key)
	case []any:
		if key == "length" {
			return float64(len(x)), nil
		}
		if i, ok := arrayIndex(key); ok {
			if i < len(x) {
				return normNum(x[i]), nil
			}
		}
		return undef, nil
	case string:
		if key == "length" {
			return float64(strLen(x)), nil
		}
		if i, ok := arrayIndex(key); ok {
			return charAt(x, i), nil
		}
		return undef, nil
	case nil, data.UndefinedType:
		return nil, typeErrorf("Cannot read properties of " + toString(obj) + " (reading '" + key + "')")
	case getter:
		return x.get(key)
	}
	return getOther(normNum(obj), key)
}

func charAt(s string, i int) any {
	if isASCII(s) {
		if i < len(s) {
			return s[i : i+1]
		}
		return undef
	}
	u := u16(s)
	if i < len(u) {
		return fromU16(u[i : i+1])
	}
	return undef
}

// getComputed is obj[key] for a computed key.
func getComputed(obj, k any) (any, error) {
	if f, ok := k.(float64); ok {
		switch x := obj.(type) {
		case []any:
			if i, ok := arrayIndex(f); ok {
				if i < len(x) {
					return normNum(x[i]), nil
				}
				return undef, nil
			}
		case string:
			if i, ok := arrayIndex(f); ok {
				return charAt(x, i), nil
			}
		}
	}
	key := propertyKey(k)
	if unsafeProps[key] {
		return nil, &Error{Message: `Cannot access "` + key + `" due to security concerns`}
	}
	return getMember(obj, key)
}

// getOther handles property reads on numbers, booleans and other values.
func getOther(obj any, key string) (any, error) {
	switch x := obj.(type) {
	case float64, bool:
		return undef, nil
	case *data.Object, []any, string:
		return getMember(x, key)
	}
	return undef, nil
}
