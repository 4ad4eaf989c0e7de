package main

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// fieldDiff compares a decoded JSON value with the SDK's Go type for it, by the struct's json tags.
type fieldDiff struct {
	Invented   []string // keys the response has and the struct does not
	Mismatches []string // a JSON kind the field's Go type cannot hold
	Filled     []string // struct paths present with a non-null value
}

func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	if tag == "" || tag == "-" {
		return ""
	}
	return strings.Split(tag, ",")[0]
}

func jsonKind(v interface{}) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []interface{}:
		return "list"
	case map[string]interface{}:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// wantKind is the JSON kind a Go type decodes from ("" for anything).
func wantKind(t reflect.Type) string {
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Bool:
		return "bool"
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return ""
}

func (d *fieldDiff) walk(path string, t reflect.Type, v interface{}) {
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if v == nil {
		return
	}
	want, got := wantKind(t), jsonKind(v)
	if want != "" && want != got {
		d.Mismatches = append(d.Mismatches, fmt.Sprintf("%s: the SDK has %s (%s), the response %s", path, want, t.String(), got))
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		object := v.(map[string]interface{})
		known := map[string]reflect.StructField{}
		for i := 0; i < t.NumField(); i++ {
			if name := jsonName(t.Field(i)); name != "" {
				known[name] = t.Field(i)
			}
		}
		keys := make([]string, 0, len(object))
		for key := range object {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			child := join(path, key)
			field, ok := known[key]
			if !ok {
				d.Invented = append(d.Invented, child)
				continue
			}
			if object[key] != nil {
				d.Filled = append(d.Filled, child)
			}
			d.walk(child, field.Type, object[key])
		}
	case reflect.Slice, reflect.Array:
		for _, item := range v.([]interface{}) {
			d.walk(path+"[]", t.Elem(), item)
		}
	}
}

// structPaths lists every json path of a type, lists as `[]`, for "never filled" reports.
func structPaths(path string, t reflect.Type, depth int) []string {
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	var out []string
	switch t.Kind() {
	case reflect.Struct:
		if depth > 6 {
			return nil
		}
		for i := 0; i < t.NumField(); i++ {
			name := jsonName(t.Field(i))
			if name == "" {
				continue
			}
			child := join(path, name)
			out = append(out, child)
			out = append(out, structPaths(child, t.Field(i).Type, depth+1)...)
		}
	case reflect.Slice:
		out = append(out, structPaths(path+"[]", t.Elem(), depth+1)...)
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
