package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunRecordsExitAndMemory(t *testing.T) {
	if _, err := os.Stat("/proc/self/statm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("needs /proc")
		}
		t.Skip("needs /proc")
	}
	res, err := run([]string{"sh", "-c", "exit 3"}, "", filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	if res.exit != 3 {
		t.Errorf("exit = %d, want 3", res.exit)
	}
	if res.maxRSS <= 0 {
		t.Errorf("maxRSS = %d, want > 0", res.maxRSS)
	}
	if _, err := run([]string{filepath.Join(t.TempDir(), "missing")}, "", ""); err == nil {
		t.Error("running a missing command did not fail")
	}
	if treeRSS(os.Getpid()) <= 0 {
		t.Error("treeRSS of this process is 0")
	}
}

func TestReport(t *testing.T) {
	f := filepath.Join(t.TempDir(), "r.tsv")
	data := "base\t0\t10.000\t102400\t204800\nother\t1\t5.000\t204800\t204800\nbroken line\n"
	if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := capture(t, func() {
		if err := printReport(f, "base"); err != nil {
			t.Fatal(err)
		}
	})
	for _, want := range []string{
		"| base | 0 | 10.00 | 100 | 200 | 1.00x | 1.00x | 1.00x |",
		"| other | 1 | 5.00 | 200 | 200 | 0.50x | 2.00x | 1.00x |",
		"base: base",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	out = capture(t, func() { printReport(f, "absent") })
	if !strings.Contains(out, "| other | 1 | 5.00 | 200 | 200 | - | - | - |") {
		t.Errorf("report without base:\n%s", out)
	}
}

func capture(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = old }()
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	fn()
	w.Close()
	os.Stdout = old
	return <-done
}
