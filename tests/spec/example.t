# The bundled example is exactly what the generator makes, so anyone can rebuild it.

$ salle gen --sessions 170 --seed 2018 -o $TMP/x.json && cmp $TMP/x.json examples/igf2018.json && echo same
> same

# Solving it places every session with no hard violation, and the checker agrees.

$ salle solve examples/igf2018.json -o $TMP/s.json --seed 1 | grep -oE '^(score: hard [0-9]+|unscheduled)' ; salle check --quiet examples/igf2018.json $TMP/s.json | head -1
> score: hard 0
> hard violations: 0
