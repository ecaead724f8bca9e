"""Fuzzing: valid workspaces drawn from the models, mutated, run through every command."""
