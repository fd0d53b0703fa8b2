package knownapi

import (
	"go/types"
	"sync"
)

// LogShape says how a logging function takes the data it logs.
type LogShape int

// Shapes of logging functions.
const (
	// LogKV: from Arg on, alternating constant keys and values; slog.Attr arguments (and other
	// field values built by LogPair constructors) take one slot.
	LogKV LogShape = iota + 1
	// LogPair: Arg is the key, Arg+1 its value (slog.String, zap.String, zerolog Event.Str,
	// logrus WithField).
	LogPair
	// LogKey: Arg names a group whose fields are logged by calls of their own (zerolog
	// Event.Dict, zap.Object); logredact does not report the group's name.
	LogKey
	// LogPrintf: Arg is a printf format, the arguments after it its operands.
	LogPrintf
	// LogPrint: every argument from Arg on is printed.
	LogPrint
	// LogFields: Arg is a map of keys to values (logrus.Fields, zerolog Event.Fields).
	LogFields
)

// LogFunc is a logging function and the shape of its arguments.
type LogFunc struct {
	Func
	Shape LogShape
	Arg   int
	// StdWriter: the call logs only when its first argument is os.Stdout or os.Stderr
	// (fmt.Fprintf and friends).
	StdWriter bool
}

// Import paths of the logging libraries tenantvet knows.
const (
	SlogPkg    = "log/slog"
	LogPkg     = "log"
	ZapPkg     = "go.uber.org/zap"
	ZerologPkg = "github.com/rs/zerolog"
	LogrusPkg  = "github.com/sirupsen/logrus"
	SafelogPkg = "github.com/tenantvet/tenantvet/runtime/safelog"
)

// SafeLogHandler is the runtime's redacting slog handler constructor.
var SafeLogHandler = Func{Pkg: SafelogPkg, Name: "NewHandler"}

// SlogNew builds a *slog.Logger from a handler.
var SlogNew = Func{Pkg: SlogPkg, Name: "New"}

// LogFuncs lists the logging APIs logredact checks.
var LogFuncs = buildLogFuncs()

func buildLogFuncs() []LogFunc {
	var fs []LogFunc
	add := func(pkg, recv string, shape LogShape, arg int, names ...string) {
		for _, n := range names {
			fs = append(fs, LogFunc{Func: Func{Pkg: pkg, Recv: recv, Name: n}, Shape: shape, Arg: arg})
		}
	}
	// log/slog: package functions and *slog.Logger methods.
	for _, recv := range []string{"", "Logger"} {
		add(SlogPkg, recv, LogKV, 1, "Info", "Warn", "Error", "Debug")
		add(SlogPkg, recv, LogKV, 2, "InfoContext", "WarnContext", "ErrorContext", "DebugContext")
		add(SlogPkg, recv, LogKV, 3, "Log")
		add(SlogPkg, recv, LogKV, 3, "LogAttrs")
		add(SlogPkg, recv, LogKV, 0, "With")
	}
	add(SlogPkg, "", LogPair, 0, "String", "Any")
	add(SlogPkg, "", LogKV, 1, "Group")
	add(SlogPkg, "", LogPrint, 0, "StringValue", "AnyValue")
	// log: package functions and *log.Logger methods.
	for _, recv := range []string{"", "Logger"} {
		add(LogPkg, recv, LogPrintf, 0, "Printf", "Fatalf", "Panicf")
		add(LogPkg, recv, LogPrint, 0, "Print", "Println", "Fatal", "Fatalln", "Panic", "Panicln")
	}
	fs = append(fs,
		LogFunc{Func: Func{Pkg: "fmt", Name: "Fprintf"}, Shape: LogPrintf, Arg: 1, StdWriter: true},
		LogFunc{Func: Func{Pkg: "fmt", Name: "Fprint"}, Shape: LogPrint, Arg: 1, StdWriter: true},
		LogFunc{Func: Func{Pkg: "fmt", Name: "Fprintln"}, Shape: LogPrint, Arg: 1, StdWriter: true},
		// fmt.Print* write to os.Stdout, which a server's log collector ships like any log.
		LogFunc{Func: Func{Pkg: "fmt", Name: "Printf"}, Shape: LogPrintf, Arg: 0},
		LogFunc{Func: Func{Pkg: "fmt", Name: "Print"}, Shape: LogPrint, Arg: 0},
		LogFunc{Func: Func{Pkg: "fmt", Name: "Println"}, Shape: LogPrint, Arg: 0},
	)
	// zap: field constructors, *zap.SugaredLogger key-value and printf methods.
	add(ZapPkg, "", LogPair, 0, "String", "Strings", "ByteString", "ByteStrings", "Binary", "Any", "Reflect", "Stringer", "NamedError", "Inline")
	add(ZapPkg, "", LogKey, 0, "Object", "Array")
	add(ZapPkg, "SugaredLogger", LogKV, 1, "Infow", "Warnw", "Errorw", "Debugw", "DPanicw", "Panicw", "Fatalw")
	add(ZapPkg, "SugaredLogger", LogKV, 0, "With")
	add(ZapPkg, "SugaredLogger", LogPrintf, 0, "Infof", "Warnf", "Errorf", "Debugf", "DPanicf", "Panicf", "Fatalf")
	add(ZapPkg, "SugaredLogger", LogPrint, 0, "Info", "Warn", "Error", "Debug", "DPanic", "Panic", "Fatal", "Infoln", "Warnln", "Errorln", "Debugln")
	// zerolog: *zerolog.Event and zerolog.Context field methods.
	for _, recv := range []string{"Event", "Context"} {
		add(ZerologPkg, recv, LogPair, 0, "Str", "Strs", "Any", "Interface", "Bytes", "RawJSON", "Stringer", "Hex")
		add(ZerologPkg, recv, LogKey, 0, "Dict")
		add(ZerologPkg, recv, LogFields, 0, "Fields")
	}
	add(ZerologPkg, "Event", LogPrintf, 0, "Msgf")
	// logrus: package functions, *logrus.Logger and *logrus.Entry.
	for _, recv := range []string{"", "Logger", "Entry"} {
		add(LogrusPkg, recv, LogPair, 0, "WithField")
		add(LogrusPkg, recv, LogFields, 0, "WithFields")
		add(LogrusPkg, recv, LogPrintf, 0, "Infof", "Warnf", "Errorf", "Debugf", "Printf", "Fatalf", "Panicf")
		add(LogrusPkg, recv, LogPrint, 0, "Info", "Warn", "Error", "Debug", "Print", "Fatal", "Panic")
	}
	return fs
}

var logIndex = sync.OnceValue(func() map[Func]LogFunc {
	m := make(map[Func]LogFunc, len(LogFuncs))
	for _, f := range LogFuncs {
		m[f.Func] = f
	}
	return m
})

// FuncOf returns the Func naming fn: its package path, receiver type name (without '*') and name.
func FuncOf(fn *types.Func) (Func, bool) {
	if fn == nil || fn.Pkg() == nil {
		return Func{}, false
	}
	f := Func{Pkg: PkgPath(fn.Pkg()), Name: fn.Name()}
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		named := NamedOf(recv.Type())
		if named == nil || named.Obj().Pkg() == nil {
			return Func{}, false
		}
		f.Pkg, f.Recv = PkgPath(named.Obj().Pkg()), named.Obj().Name()
	}
	return f, true
}

// LookupLog returns the known logging function fn is.
func LookupLog(fn *types.Func) (LogFunc, bool) {
	f, ok := FuncOf(fn)
	if !ok {
		return LogFunc{}, false
	}
	lf, ok := logIndex()[f]
	return lf, ok
}
