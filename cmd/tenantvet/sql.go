package main

import (
	"io"
)

func runSQL(args []string, stdout, stderr io.Writer) int {
	io.WriteString(stderr, "tenantvet sql: not wired yet\n")
	return exitError
}
