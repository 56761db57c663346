# No partial output: a failed solve or gen writes nothing, and an existing file is left as it was.

$ salle solve tests/spec/data/bad-type.json -o $TMP/out.json; echo "exit $?"; ls -A $TMP
> tests/spec/data/bad-type.json:8:52: error: "capacity" of room "room-3" must be an integer, not a string
>       {"id": "room-3", "name": "Room 3", "capacity": "60", "venue": "annex", "changeover": 15}
>                                                      ^
> exit 2

$ echo keep > $TMP/out.json; salle solve tests/spec/data/syntax.json -o $TMP/out.json; cat $TMP/out.json; ls -A $TMP
> tests/spec/data/syntax.json:8:56: error: invalid JSON: invalid object key (must be a string)
>       {"id": "room-3", "name": "Room 3", "capacity": 60,, "venue": "annex", "changeover": 15}
>                                                          ^
> keep
> out.json

$ cd $TMP && salle gen --sessions 20 -o missing-dir/x.json; echo "exit $?"; ls -A
> missing-dir/x.json: error: cannot write: No such file or directory
> exit 2


# --cpu-clock: the limit counts the process's CPU time (benchmarks on a shared machine); the
# schedule is complete and checked like any other.
$ salle solve tests/spec/data/mini.json -o $TMP/c.json --time-limit 2 --cpu-clock --seed 1 > /dev/null; echo "exit $?"; salle check tests/spec/data/mini.json $TMP/c.json --quiet | head -1
> exit 0
> hard violations: 0
