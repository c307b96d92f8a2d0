package config

import (
	"encoding/json"
	"os"
)

// Go's error convention: a function returns a usable value with a nil error,
// or a nil value with the error. Callers that check the error first never
// touch a nil config.

type Config struct {
	Name    string
	Workers int
}

func load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Config
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

func Name(path string) string {
	c, err := load(path)
	if err != nil {
		return ""
	}
	return c.Name
}

func Workers(path string) int {
	c, err := load(path)
	if err != nil || c.Workers < 1 {
		return 1
	}
	return c.Workers
}
