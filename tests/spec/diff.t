# salle diff between versions that add and drop sessions (issue 8, point 1). The fixture: the new
# version drops WS-2, marks WS-3 cancelled (its slot still listed), gives WS-4 two hours instead of
# one at the same start, moves WS-5 and adds WS-6.

$ D=tests/spec/data; salle diff $D/versions-old-sched.json $D/versions-new-sched.json --instance $D/versions-new.json --previous-instance $D/versions-old.json
> cancelled WS-2 "Dropped talk": Mon 09:00, Room 3 (no longer in the programme)
> new WS-6 "Gouvernance ouverte": Mon 10:00, Room 3
> resized WS-4 "Longer now": now Mon 11:00-13:00, was Mon 11:00-12:00, Plenary hall
> cancelled WS-3 "Called off": Mon 14:00, Room 2 (marked cancelled by the publisher)
> moved WS-5 "Moves": Mon 15:00, Plenary hall -> Mon 16:00, Room 2
> 5 changes: 1 new, 2 cancelled, 1 moved, 1 resized

# --json: the dropped session keeps its old side (room, start, end), and says why it is gone
$ D=tests/spec/data; salle diff $D/versions-old-sched.json $D/versions-new-sched.json --instance $D/versions-new.json --previous-instance $D/versions-old.json --json | python3 -c "import json,sys; d=json.load(sys.stdin); [print(c['kind'], c['session'], c['title'], c.get('cause', '-'), (c.get('old') or {}).get('room_name', '-'), (c.get('old') or {}).get('end', '-'), (c.get('new') or {}).get('end', '-')) for c in d['changes']]; print(d['new'], d['cancelled'], d['moved'], d['resized'])"
> cancelled WS-2 Dropped talk removed Room 3 2018-11-12T10:00 -
> new WS-6 Gouvernance ouverte - - - 2018-11-12T11:00
> resized WS-4 Longer now - Plenary hall 2018-11-12T12:00 2018-11-12T13:00
> cancelled WS-3 Called off marked Room 2 2018-11-12T15:00 -
> moved WS-5 Moves - Plenary hall 2018-11-12T16:00 2018-11-12T17:00
> 1 2 1 1

# Without the earlier instance, the old schedule names a session the new one lacks: say what to give
$ D=tests/spec/data; salle diff $D/versions-old-sched.json $D/versions-new-sched.json --instance $D/versions-new.json
> tests/spec/data/versions-old-sched.json:15:15: error: unknown session "WS-2"; no session in tests/spec/data/versions-new.json has this id
>      "session": "WS-2",
>                 ^
> salle: if tests/spec/data/versions-old-sched.json belongs to an earlier version of the programme, give that version's instance with --previous-instance
? 2

$ salle diff a.json b.json --previous-instance c.json
> salle: diff: --previous-instance needs --instance too
> usage: salle diff OLD_SCHEDULE NEW_SCHEDULE [--instance INSTANCE [--previous-instance OLD_INSTANCE]] [--json]
? 2

# Without instances: the files as written, both sides of a new length when both files carry "end"
$ D=tests/spec/data; salle diff $D/versions-old-sched.json $D/versions-new-sched.json
> cancelled WS-2: 2018-11-12T09:00 r3
> new WS-6: 2018-11-12T10:00 r3
> moved WS-5: 2018-11-12T15:00 plen -> 2018-11-12T16:00 r2
> 3 changes: 1 new, 1 cancelled, 1 moved, 0 resized

$ printf '%s' '{"assignments": [{"session": "X", "room": "r1", "start": "2018-11-12T10:00", "end": "2018-11-12T11:00"}]}' > $TMP/a.json; printf '%s' '{"assignments": [{"session": "X", "room": "r1", "start": "2018-11-12T10:00", "end": "2018-11-12T12:00"}]}' > $TMP/b.json; salle diff $TMP/a.json $TMP/b.json
> resized X: now 2018-11-12T10:00-2018-11-12T12:00, was 2018-11-12T10:00-2018-11-12T11:00, r1
> 1 change: 0 new, 0 cancelled, 0 moved, 1 resized

# A session marked cancelled breaks no rule although the new schedule still lists it
$ D=tests/spec/data; salle check $D/versions-new.json $D/versions-new-sched.json --quiet | head -1
> hard violations: 0

$ printf '%s\n' '{"salle": 1, "event": {"name": "F", "timezone": "Europe/Paris", "days": ["2018-11-12"]},' '"rooms": [{"id": "r1", "capacity": 10}],' '"sessions": [{"id": "A", "duration": 60, "cancelled": 1}]}' > $TMP/c.json; cd $TMP && salle check c.json c.json
> c.json:3:55: error: "cancelled" of session "A" must be true or false, not an integer
>   "sessions": [{"id": "A", "duration": 60, "cancelled": 1}]}
>                                                         ^
? 2

# Re-planning leaves a cancelled session out and lists it as cancelled, not as unplaced, and makes
# no room for it (the others stay where they were)
$ D=tests/spec/data; salle solve $D/versions-new.json --published $D/versions-new-sched.json -o $TMP/re.json --seed 1 | grep -v '^solved\|^time\|^schedule\|^explain'; salle diff $D/versions-new-sched.json $TMP/re.json --instance $D/versions-new.json
> score: hard 0, soft 78
> unscheduled: WS-3: cancelled by its publisher
> cancelled WS-3: was Mon 14:00 Room 2; marked cancelled by its publisher
> re-plan: 8 published, 8 kept, 0 moved (0 in time), 0 unplaced, 0 stuck, 0 new, 1 cancelled; 0 organizers to ask
> 0 changes: 0 new, 0 cancelled, 0 moved, 0 resized

$ salle export lp tests/spec/data/versions-new.json -o $TMP/x.lp; echo "exit $?"; ls $TMP
> tests/spec/data/versions-new.json:104:3: error: export lp: session "WS-3" is marked cancelled, which the LP does not model; leave cancelled sessions out of the instance for the LP
>     {
>     ^
> exit 2

# The site of the new version: without the old instance the same hint as diff; with it, the
# dropped session keeps its page
$ D=tests/spec/data; salle export site $D/versions-new.json $D/versions-new-sched.json --previous $D/versions-old-sched.json -o $TMP/site; echo "exit $?"; ls $TMP
> tests/spec/data/versions-old-sched.json:15:15: error: unknown session "WS-2"; no session in tests/spec/data/versions-new.json has this id
>      "session": "WS-2",
>                 ^
> salle: if tests/spec/data/versions-old-sched.json belongs to an earlier version of the programme, give that version's instance with --previous-instance
> exit 2

$ D=tests/spec/data; salle export site $D/versions-new.json $D/versions-new-sched.json --previous $D/versions-old-sched.json --previous-instance $D/versions-old.json --version-label "v2" -o $TMP/site && grep -o 'Version v2, published' $TMP/site/index.html && grep -o '<h1>.*</h1>' $TMP/site/s/ws-2.html
> Version v2, published
> <h1><span class="mark cancelled">Cancelled</span> <span>Dropped talk</span></h1>

$ salle export site a.json b.json -o x --previous-instance c.json
> salle: export: --previous-instance needs --previous OLD_SCHEDULE
> usage: salle export frab|json|ics|csv|site INSTANCE SCHEDULE -o OUT [--room ID | --person ID]
>        salle export site INSTANCE SCHEDULE -o DIR [--previous OLD_SCHEDULE
>                          [--previous-instance OLD_INSTANCE]] [--version-label L]
>                          [--languages en,fr,es,ar]
>        salle export lp INSTANCE -o OUT [--step M] [--compact] [--start SCHEDULE]
>                        [--published OLD --min-moves]
? 2

$ salle export ics a.json b.json -o x --version-label v2
> salle: export: --previous, --previous-instance, --version-label and --languages apply to site only, not to 'ics'
> usage: salle export frab|json|ics|csv|site INSTANCE SCHEDULE -o OUT [--room ID | --person ID]
>        salle export site INSTANCE SCHEDULE -o DIR [--previous OLD_SCHEDULE
>                          [--previous-instance OLD_INSTANCE]] [--version-label L]
>                          [--languages en,fr,es,ar]
>        salle export lp INSTANCE -o OUT [--step M] [--compact] [--start SCHEDULE]
>                        [--published OLD --min-moves]
? 2
