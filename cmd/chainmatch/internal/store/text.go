package store

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chainmatch/chainmatch"
)

// MaxText is the longest text value stored (bytes): a business scope (经营范围)
// is a few KB at most; 64 KiB leaves room and keeps a 50 MB "scope" out.
const MaxText = 64 << 10

// checkText finds the strings in v (a struct, or a pointer, slice or map of them)
// that the store refuses the same way on SQLite and PostgreSQL: invalid UTF-8
// (GBK bytes sent as UTF-8), NUL (PostgreSQL text cannot hold it) and values
// longer than MaxText. Each is named by its JSON path under prefix.
func checkText(prefix string, v any) chainmatch.FieldErrors {
	if textOK(reflect.ValueOf(v), 0) {
		return nil // the common case, without building a path for every value
	}
	fe := chainmatch.FieldErrors{}
	walkText(fe, prefix, reflect.ValueOf(v), 0)
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// TextError says what is wrong with one text value, "" when nothing is.
func TextError(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "is not valid UTF-8 (send text as UTF-8; GBK is read only from CSV files)"
	case strings.IndexByte(s, 0) >= 0:
		return "contains a NUL character (\\u0000)"
	case len(s) > MaxText:
		return fmt.Sprintf("is %d bytes; the limit is %d", len(s), MaxText)
	}
	return ""
}

// textOK reports whether walkText would find nothing wrong in v.
func textOK(v reflect.Value, depth int) bool {
	if depth > 8 || !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || textOK(v.Elem(), depth+1)
	case reflect.String:
		return TextError(v.String()) == ""
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return true
		}
		for i := 0; i < v.Len(); i++ {
			if !textOK(v.Index(i), depth+1) {
				return false
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if k := it.Key(); k.Kind() != reflect.String || TextError(k.String()) != "" || !textOK(it.Value(), depth+1) {
				return false
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && !textOK(v.Field(i), depth+1) {
				return false
			}
		}
	}
	return true
}

func walkText(fe chainmatch.FieldErrors, path string, v reflect.Value, depth int) {
	if depth > 8 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(fe, path, v.Elem(), depth+1)
		}
	case reflect.String:
		if msg := TextError(v.String()); msg != "" {
			fe.Add(path, msg)
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // raw JSON or bytes
		}
		for i := 0; i < v.Len(); i++ {
			walkText(fe, path+"["+strconv.Itoa(i)+"]", v.Index(i), depth+1)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			k := fmt.Sprint(it.Key().Interface())
			if msg := TextError(k); msg != "" {
				fe.Add(join(path, "key"), msg)
				continue
			}
			walkText(fe, join(path, k), it.Value(), depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := f.Name
			if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag == "-" {
				continue
			} else if tag != "" {
				name = tag
			}
			if f.Anonymous {
				walkText(fe, path, v.Field(i), depth+1)
				continue
			}
			walkText(fe, join(path, name), v.Field(i), depth+1)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
