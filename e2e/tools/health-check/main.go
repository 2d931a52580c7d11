// Command health-check reads one IstioOperator object (JSON) on stdin and prints how the real
// GitOps readers judge it: Flux's kstatus (sigs.k8s.io/cli-utils) and Argo CD's built-in
// IstioOperator health.lua, run with gopher-lua as Argo CD runs it (global `obj`, returns a table).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

type verdict struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

type report struct {
	Kstatus verdict `json:"kstatus"`
	Argo    verdict `json:"argo"`
}

func main() {
	luaPath := flag.String("health-lua", "", "path of Argo CD's install.istio.io/IstioOperator health.lua")
	flag.Parse()
	if err := run(*luaPath, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "health-check:", err)
		os.Exit(1)
	}
}

func run(luaPath string, in io.Reader, out io.Writer) error {
	if luaPath == "" {
		return fmt.Errorf("--health-lua is required")
	}
	script, err := os.ReadFile(luaPath)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	// Unstructured's own decoder keeps integers as int64, as the apiserver's clients see them.
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(data); err != nil {
		return fmt.Errorf("reading the object: %w", err)
	}
	obj := u.Object
	res, err := status.Compute(u)
	if err != nil {
		return fmt.Errorf("kstatus: %w", err)
	}
	argo, err := runHealthLua(string(script), obj)
	if err != nil {
		return fmt.Errorf("health.lua: %w", err)
	}
	return json.NewEncoder(out).Encode(report{Kstatus: verdict{Status: string(res.Status), Message: res.Message}, Argo: argo})
}

// runHealthLua mirrors argo-cd util/lua: a fresh state without the os/io libraries, the object
// as the global `obj`, and the returned table's `status` and `message` fields.
func runHealthLua(script string, obj map[string]interface{}) (verdict, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		fn   lua.LGFunction
	}{{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}, {lua.StringLibName, lua.OpenString}, {lua.MathLibName, lua.OpenMath}} {
		l.Push(l.NewFunction(lib.fn))
		l.Push(lua.LString(lib.name))
		l.Call(1, 0)
	}
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(script); err != nil {
		return verdict{}, err
	}
	table, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return verdict{}, fmt.Errorf("expected a table from the script, got %s", l.Get(-1).Type())
	}
	return verdict{Status: lua.LVAsString(table.RawGetString("status")), Message: lua.LVAsString(table.RawGetString("message"))}, nil
}

func toLua(l *lua.LState, v interface{}) lua.LValue {
	switch x := v.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(x)
	case string:
		return lua.LString(x)
	case float64:
		return lua.LNumber(x)
	case int64:
		return lua.LNumber(x)
	case []interface{}:
		t := l.NewTable()
		for _, item := range x {
			t.Append(toLua(l, item))
		}
		return t
	case map[string]interface{}:
		t := l.NewTable()
		for k, item := range x {
			t.RawSetString(k, toLua(l, item))
		}
		return t
	default:
		return lua.LString(fmt.Sprint(x))
	}
}
