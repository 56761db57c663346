# salle interest (issue 11, point 2; docs/interest.md): collected ballots feed the plan. Room S
# holds 30; 40 of 62 ballots mark WS-1, given 20. At turnout 0.9, WS-1 expects ceil(40 x 0.9) = 36
# and no longer fits; WS-4 keeps its given 50 (18 marks x 0.9 is less); WS-3, given nothing, gets 4.
# The p and q below were checked with exact rational arithmetic in Python: WS-2/WS-4 share 10 of
# 10 and 18 marks (lift 62 x 10 / 180 = 3.44, p = 4.07e-07, q = p x 10 pairs / rank 1); WS-1/OF-1
# share 6 (lift 1.55, p = 0.0624, q = 0.312).

$ salle interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json -o $TMP/i2.json --turnout 0.9 --summary | sed "s|$TMP|TMP|"
> 62 ballots name at least one session; 10 pairs tested, 1 significant
> interest per session (marks, expected attendance):
>   WS-1            40    36  Digital rights
>   WS-4            18    50  Youth and the net
>   WS-2            10    25  Data flows
>   OF-1             6    10  Open forum
>   WS-3             4     4  Open standards
> strongest co-interest pairs (people, lift, p, BH q):
>   WS-2         WS-4            10   3.44  4.07e-07  4.07e-06  significant
>   WS-1         OF-1             6   1.55    0.0624     0.312  not significant
> applied 62 ballots (turnout 0.9): 2 sessions expect more people than before
> audience overlap: every ballot (2 pairs shared)
> instance written to TMP/i2.json
> re-plan with: salle solve TMP/i2.json --published OLD_SCHEDULE -o NEW_SCHEDULE

# The written instance holds the expected attendance, the organizers' own figure and the marks
# (x-salle-interest), and every ballot as an interest set.

$ salle interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json -o $TMP/i2.json --turnout 0.9 >/dev/null; python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["interest"])); [print(s["id"], s["attendance"], json.dumps(s["x-salle-interest"], sort_keys=True)) for s in d["sessions"]]' $TMP/i2.json
> 62
> WS-1 36 {"given": 20, "marks": 40, "turnout": 0.9}
> WS-2 25 {"given": 25, "marks": 10, "turnout": 0.9}
> WS-3 4 {"given": null, "marks": 4, "turnout": 0.9}
> WS-4 50 {"given": 50, "marks": 18, "turnout": 0.9}
> OF-1 10 {"given": 10, "marks": 6, "turnout": 0.9}

# With --significant only WS-2/WS-4 drives audience overlap: its 10 people as 10 two-session sets.

$ salle interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json -o $TMP/i3.json --significant | grep overlap; python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["interest"]), sorted(set(map(tuple, d["interest"]))))' $TMP/i3.json
> audience overlap: 1 significant pair of 2 shared (at least 5 people, lift >= 1.5, BH q <= 0.05)
> 10 [('WS-2', 'WS-4')]

# The published programme against the new figures: Room S is now too small for WS-1, a capacity
# violation the checker names (exit 1).

$ salle interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json -o $TMP/i2.json --turnout 0.9 >/dev/null; salle check $TMP/i2.json tests/spec/data/interest-old.json | grep -E '^hard violations|capacity '; echo "exit ${PIPESTATUS[0]}"
> hard violations: 1
>   capacity           1
> exit 1

# The re-plan after collection moves exactly WS-1, to the free Hall at the same time (a room change
# costs less than a time change), and says why; nothing else moves, and the checker finds no hard
# violation in the result.

$ salle interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json -o $TMP/i2.json --turnout 0.9 >/dev/null; salle solve $TMP/i2.json --published tests/spec/data/interest-old.json -o $TMP/new.json --seed 1 | grep -E '^(score|moved|re-plan)'; salle check $TMP/i2.json $TMP/new.json | grep -E '^hard violations|capacity '; echo "exit ${PIPESTATUS[0]}"
> score: hard 0, soft 208
> moved WS-1: Mon 09:00 Room S -> Mon 09:00 Hall: it expects 36 people; Room S holds 30
> re-plan: 5 published, 4 kept, 1 moved (0 in time), 0 unplaced, 0 stuck, 0 new, 0 cancelled; 1 organizer to ask
> hard violations: 0
>   capacity           0
> exit 0

# At the default turnout (1.0) WS-1 expects 40; with a session's published place in the instance
# the command itself says which rooms are now too small.

$ sed 's/"attendance": 20}/"attendance": 20, "published": {"room": "room-s", "start": "2018-11-12T09:00"}}/' tests/spec/data/interest.json > $TMP/p.json; salle interest $TMP/p.json tests/spec/data/interest-ballots.json -o $TMP/p2.json | grep -E '^(applied|too small)'
> applied 62 ballots (turnout 1): 2 sessions expect more people than before
> too small: WS-1 now expects 40 people; Room S holds 30

# The JSON summary for the server's admin page: the strongest pair first.

$ salle interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json --summary --json --top 1 | python3 -c 'import json,sys; d=json.load(sys.stdin); p=d["pairs"][0]; print(d["ballots"], d["tested"], d["significant"], len(d["pairs"]), p["a"], p["b"], p["count"], round(p["lift"], 4), p["significant"])'
> 62 10 1 1 WS-2 WS-4 10 3.4444 True

# Ballots as CSV, one row per mark.

$ printf 'ballot,session\nt1,WS-1\nt2,WS-2\nt1,WS-2\n' > $TMP/b.csv; salle interest tests/spec/data/interest.json $TMP/b.csv --summary --top 1 | head -1
> 2 ballots name at least one session; 1 pair tested, 0 significant

# Bad ballots: the place, the line, a caret; exit 2; an existing output is left as it was.

$ cd $TMP && printf '{"ballots": [["WS-1"],\n  ["WS-2", "WS-9"]]}\n' > b.json; echo keep > out.json; salle interest $OLDPWD/tests/spec/data/interest.json b.json -o out.json 2>&1 | sed "s|$OLDPWD/||"; echo "exit ${PIPESTATUS[0]}"; cat out.json
> b.json:2:12: error: unknown session "WS-9" in a ballot; no session of tests/spec/data/interest.json has this id
>     ["WS-2", "WS-9"]]}
>              ^
> exit 2
> keep

$ cd $TMP && printf 'ballot,session\nx1,WS-1\nx2,\n' > b.csv; salle interest $OLDPWD/tests/spec/data/interest.json b.csv -o out.json; echo "exit $?"; ls
> b.csv:3:4: error: row 3, column 2 ("session"): expected a session id, found an empty cell
>   x2,
>      ^
> exit 2
> b.csv

$ cd $TMP && printf 'ballot,sessions\nx1,WS-1\n' > b.csv; salle interest $OLDPWD/tests/spec/data/interest.json b.csv -o out.json; echo "exit $?"
> b.csv:1:8: error: row 1, column 2: unknown column "sessions"; expected the columns ballot,session (docs/interest.md)
>   ballot,sessions
>          ^
> exit 2

$ salle interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json -o $TMP/x.json --turnout 0
> salle: interest: --turnout needs a number above 0 and at most 100, not '0'
> usage: salle interest INSTANCE BALLOTS -o INSTANCE2 [--turnout F] [--significant]
>                       [--summary] [--json] [--top N]
? 2

$ salle interest tests/spec/data/interest.json tests/spec/data/interest-ballots.json
> salle: interest needs -o INSTANCE2 (or --summary to only look)
> usage: salle interest INSTANCE BALLOTS -o INSTANCE2 [--turnout F] [--significant]
>                       [--summary] [--json] [--top N]
? 2
