// Command manifest reads the official CR Go SDK (github.com/alibabacloud-go/cr-20181201/v2) and
// prints, as JSON, every action's request parameters as the SDK puts them on the wire: the json
// tag of each field of <Action>Request, with its kind. Fields the SDK sends JSON-encoded (the
// <Action>ShrinkRequest's *Shrink strings) are "json". Only go/ast is used, so the SDK is read as
// published, not built or changed.
//
// Usage: go run . <directory of the SDK module>
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

type field struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: manifest <SDK module directory>")
		os.Exit(2)
	}
	file, err := parser.ParseFile(token.NewFileSet(), filepath.Join(os.Args[1], "client", "client.go"), nil, parser.SkipObjectResolution)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	structs := map[string]*ast.StructType{}
	actions := map[string]bool{}
	for _, decl := range file.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				if ts, ok := spec.(*ast.TypeSpec); ok {
					if st, ok := ts.Type.(*ast.StructType); ok {
						structs[ts.Name.Name] = st
					}
				}
			}
		case *ast.FuncDecl:
			// Each action has a method <Action>WithOptions on *Client.
			if d.Recv != nil && strings.HasSuffix(d.Name.Name, "WithOptions") {
				actions[strings.TrimSuffix(d.Name.Name, "WithOptions")] = true
			}
		}
	}
	manifest := map[string][]field{}
	for action := range actions {
		request, ok := structs[action+"Request"]
		if !ok {
			continue
		}
		shrunk := map[string]bool{}
		if shrink, ok := structs[action+"ShrinkRequest"]; ok {
			for _, f := range shrink.Fields.List {
				if len(f.Names) == 1 && strings.HasSuffix(f.Names[0].Name, "Shrink") {
					shrunk[wireName(f)] = true
				}
			}
		}
		fields := []field{}
		for _, f := range request.Fields.List {
			name := wireName(f)
			if name == "" {
				continue
			}
			kind := kindOf(f.Type)
			if shrunk[name] {
				kind = "json"
			}
			fields = append(fields, field{Name: name, Kind: kind})
		}
		sort.Slice(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
		manifest[action] = fields
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	if err := out.Encode(manifest); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func wireName(f *ast.Field) string {
	if f.Tag == nil {
		return ""
	}
	tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("json")
	return strings.Split(tag, ",")[0]
}

func kindOf(expr ast.Expr) string {
	switch t := expr.(type) {
	case *ast.StarExpr:
		return kindOf(t.X)
	case *ast.ArrayType:
		return "list"
	case *ast.MapType:
		return "map"
	case *ast.Ident:
		switch t.Name {
		case "string":
			return "string"
		case "bool":
			return "bool"
		case "int", "int32", "int64", "float32", "float64":
			return "number"
		}
		return "object"
	}
	return "object"
}
