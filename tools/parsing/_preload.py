"""Imported by the forkserver before it forks parser workers: load the parsing modules and run
one tiny parse, so lazily built tables (skills taxonomy, regexes) are built once and shared by
every worker instead of costing each new worker its first file's time."""

from tools.parsing.isolation import warm_up

warm_up()
