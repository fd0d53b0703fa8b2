// Command measure runs a command and reports its wall time and peak memory, or renders the
// results of several runs as a table.
//
// Run mode:
//
//	measure -name NAME -tsv FILE [-log FILE] [-dir DIR] -- COMMAND [ARG...]
//
// runs COMMAND (inheriting the environment), sends its output to -log, and appends one line
// "NAME<TAB>EXIT<TAB>WALL_S<TAB>MAXRSS_KB<TAB>TREE_KB" to -tsv. MAXRSS is ru_maxrss from
// wait4: the peak resident set of the largest single process of the tree (the command or
// any descendant it waited for). TREE is the peak of the summed resident sets of the command
// and all its live descendants, sampled from /proc every 20ms (Linux only; 0 elsewhere), which
// counts processes that run concurrently, such as the vet tools go vet starts in parallel.
// measure exits 0 whatever the command's exit status, which is recorded; it exits 1 only if
// the command cannot be started.
//
// Report mode:
//
//	measure -report FILE -base NAME
//
// prints a Markdown table of FILE with ratios against the row named NAME.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	name := flag.String("name", "", "name of the measurement")
	tsv := flag.String("tsv", "", "append the result to this file")
	logf := flag.String("log", "", "file receiving the command's stdout and stderr (default: discard)")
	dir := flag.String("dir", "", "working directory of the command")
	report := flag.String("report", "", "print the table of this results file and exit")
	base := flag.String("base", "", "with -report: name of the row the ratios are relative to")
	flag.Parse()
	if *report != "" {
		if err := printReport(*report, *base); err != nil {
			fmt.Fprintln(os.Stderr, "measure:", err)
			os.Exit(1)
		}
		return
	}
	if flag.NArg() == 0 || *name == "" {
		fmt.Fprintln(os.Stderr, "usage: measure -name NAME -tsv FILE [-log FILE] [-dir DIR] -- COMMAND [ARG...]")
		os.Exit(2)
	}
	res, err := run(flag.Args(), *dir, *logf)
	if err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
	line := fmt.Sprintf("%s\t%d\t%.3f\t%d\t%d\n", *name, res.exit, res.wall.Seconds(), res.maxRSS, res.treeRSS)
	fmt.Printf("%-44s exit %d  %8.2f s  max proc %7.1f MB  tree %7.1f MB\n", *name, res.exit, res.wall.Seconds(), float64(res.maxRSS)/1024, float64(res.treeRSS)/1024)
	if *tsv != "" {
		f, err := os.OpenFile(*tsv, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, "measure:", err)
			os.Exit(1)
		}
		defer f.Close()
		if _, err := f.WriteString(line); err != nil {
			fmt.Fprintln(os.Stderr, "measure:", err)
			os.Exit(1)
		}
	}
}

type result struct {
	exit            int
	wall            time.Duration
	maxRSS, treeRSS int64 // KiB
}

func run(args []string, dir, logf string) (result, error) {
	var r result
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	if logf != "" {
		f, err := os.Create(logf)
		if err != nil {
			return r, err
		}
		defer f.Close()
		cmd.Stdout, cmd.Stderr = f, f
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return r, err
	}
	stop := make(chan struct{})
	peak := make(chan int64)
	go func() {
		var max int64
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := treeRSS(cmd.Process.Pid); kb > max {
				max = kb
			}
			select {
			case <-stop:
				peak <- max
				return
			case <-t.C:
			}
		}
	}()
	err := cmd.Wait()
	r.wall = time.Since(start)
	close(stop)
	r.treeRSS = <-peak
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return r, err
	}
	r.exit = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = int64(ru.Maxrss) // KiB on Linux
	}
	return r, nil
}

// treeRSS returns the summed resident set, in KiB, of pid and its descendants.
func treeRSS(root int) int64 {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	children := map[int][]int{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The command name may hold spaces and parentheses; fields follow the last ')'.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		children[ppid] = append(children[ppid], pid)
	}
	page := int64(os.Getpagesize()) / 1024
	var sum int64
	stack := []int{root}
	for len(stack) > 0 {
		pid := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		stack = append(stack, children[pid]...)
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "statm"))
		if err != nil {
			continue
		}
		f := strings.Fields(string(b))
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		sum += n * page
	}
	return sum
}

type row struct {
	name            string
	exit            int
	wall            float64
	maxRSS, treeRSS float64 // MB
}

func printReport(file, base string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 5 {
			continue
		}
		var r row
		r.name = p[0]
		r.exit, _ = strconv.Atoi(p[1])
		r.wall, _ = strconv.ParseFloat(p[2], 64)
		m, _ := strconv.ParseFloat(p[3], 64)
		t, _ := strconv.ParseFloat(p[4], 64)
		r.maxRSS, r.treeRSS = m/1024, t/1024
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	var b *row
	for i := range rows {
		if rows[i].name == base {
			b = &rows[i]
		}
	}
	ratio := func(v, d float64) string {
		if b == nil || d == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2fx", v/d)
	}
	fmt.Println("| measurement | exit | wall s | peak RSS MB (max proc) | peak RSS MB (tree) | wall vs base | RSS vs base (max proc) | RSS vs base (tree) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		var bw, bm, bt float64
		if b != nil {
			bw, bm, bt = b.wall, b.maxRSS, b.treeRSS
		}
		fmt.Printf("| %s | %d | %.2f | %.0f | %.0f | %s | %s | %s |\n", r.name, r.exit, r.wall, r.maxRSS, r.treeRSS,
			ratio(r.wall, bw), ratio(r.maxRSS, bm), ratio(r.treeRSS, bt))
	}
	if b != nil {
		fmt.Printf("\nbase: %s\n", b.name)
	}
	return nil
}
