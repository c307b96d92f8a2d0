package main

import (
	"context"
	"fmt"
)

func main() {
	ctx, _ := context.WithCancel(context.Background()) // want "resource-leak"
	fmt.Println(ctx.Err())
}
