// Go programs that several browser tests and benchmarks open.

// Real Go 1.27: "fatal error: all goroutines are asleep - deadlock!" (main
// takes one value, then waits for every sender, n - 1 of which block
// forever). Each sender sends `value`: its own `i` by default, so no two
// are interchangeable.
function manySenders(n, value = "i") {
  return [
    "package main",
    "",
    'import "sync"',
    "",
    "func main() {",
    "\tch := make(chan int)",
    "\tvar wg sync.WaitGroup",
    `\tfor i := 0; i < ${n}; i++ {`,
    "\t\twg.Add(1)",
    "\t\tgo func() {",
    "\t\t\tdefer wg.Done()",
    `\t\t\tch <- ${value}`,
    "\t\t}()",
    "\t}",
    "\t<-ch",
    "\twg.Wait()",
    "}",
    "",
  ].join("\n");
}

module.exports = { manySenders };
