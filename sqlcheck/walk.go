package sqlcheck

import (
	"reflect"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v5"
)

var nodeType = reflect.TypeOf((*pg_query.Node)(nil))

// fieldPlan lists the fields of a parse tree struct that can hold further nodes.
type fieldPlan struct {
	ptrs   []int // *Node or pointers to other messages
	slices []int // []*Node and slices of other message pointers
}

var plans sync.Map // reflect.Type -> *fieldPlan

func planFor(t reflect.Type) *fieldPlan {
	if p, ok := plans.Load(t); ok {
		return p.(*fieldPlan)
	}
	p := &fieldPlan{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch {
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			p.ptrs = append(p.ptrs, i)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Pointer && f.Type.Elem().Elem().Kind() == reflect.Struct:
			p.slices = append(p.slices, i)
		case f.Type.Kind() == reflect.Interface:
			p.ptrs = append(p.ptrs, i) // oneof wrappers such as Node.Node and A_Const.Val
		}
	}
	plans.Store(t, p)
	return p
}

// walk calls fn for every parse tree message reachable from root (a *pg_query.Node or another
// message pointer), parents first. fn returns false to skip a message's children.
func walk(root any, fn func(msg any) bool) {
	if root == nil {
		return
	}
	walkValue(reflect.ValueOf(root), fn, 0)
}

func walkValue(v reflect.Value, fn func(any) bool, depth int) {
	if depth > 4000 {
		return
	}
	for v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return
	}
	if v.Type() != nodeType && !isWrapper(v.Type()) {
		if !fn(v.Interface()) {
			return
		}
	}
	e := v.Elem()
	p := planFor(e.Type())
	for _, i := range p.ptrs {
		walkValue(e.Field(i), fn, depth+1)
	}
	for _, i := range p.slices {
		s := e.Field(i)
		for j := 0; j < s.Len(); j++ {
			walkValue(s.Index(j), fn, depth+1)
		}
	}
}

var wrappers sync.Map // reflect.Type -> bool

// isWrapper reports whether t is a generated oneof wrapper (Node_SelectStmt and the like).
func isWrapper(t reflect.Type) bool {
	if w, ok := wrappers.Load(t); ok {
		return w.(bool)
	}
	e := t.Elem()
	w := e.NumField() == 1 && e.Field(0).Type.Kind() == reflect.Pointer
	if w {
		n := e.Name()
		w = len(n) > 5 && (n[:5] == "Node_" || (len(n) > 8 && n[:8] == "A_Const_"))
	}
	wrappers.Store(t, w)
	return w
}
