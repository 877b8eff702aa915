package main

func evalCommand(args []string, env cliEnv) int { return exitInvalid }
