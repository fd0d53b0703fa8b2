package a

func F() func() int {
	return func() int { return 1 }
}

func G() {}
