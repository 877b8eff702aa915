package main

import "github.com/spf13/cobra"

func newNodesCmd(env cliEnv) *cobra.Command { return &cobra.Command{Use: "nodes", Hidden: true} }
