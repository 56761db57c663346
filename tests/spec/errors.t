# Bad input: every error names file, line and column, shows the line, says what was
# expected, and exits 2. These messages are part of the interface; change them here first.

$ salle check tests/spec/data/syntax.json tests/spec/data/sched-ok.json
> tests/spec/data/syntax.json:8:56: error: invalid JSON: invalid object key (must be a string)
>       {"id": "room-3", "name": "Room 3", "capacity": 60,, "venue": "annex", "changeover": 15}
>                                                          ^
? 2

$ salle check tests/spec/data/truncated.json tests/spec/data/sched-ok.json
> tests/spec/data/truncated.json:7:46: error: invalid JSON: the file ends before the JSON value is complete
>       {"id": "salle-1", "name": "Salle I", "cap
>                                                ^
? 2

$ salle check tests/spec/data/bad-type.json tests/spec/data/sched-ok.json
> tests/spec/data/bad-type.json:8:52: error: "capacity" of room "room-3" must be an integer, not a string
>       {"id": "room-3", "name": "Room 3", "capacity": "60", "venue": "annex", "changeover": 15}
>                                                      ^
? 2

$ salle check tests/spec/data/missing-capacity.json tests/spec/data/sched-ok.json
> tests/spec/data/missing-capacity.json:7:5: error: room "salle-1" has no "capacity"; expected an integer
>       {"id": "salle-1", "name": "Salle I", "features": ["interpretation", "captioning"], "venue": "unesco"},
>       ^
? 2

$ salle check tests/spec/data/unknown-person.json tests/spec/data/sched-ok.json
> tests/spec/data/unknown-person.json:17:78: error: unknown person "ana" in "speakers" of session "WS-12"; no person has this id
>       {"id": "WS-12", "duration": "1h30", "organizers": ["kofi"], "speakers": ["ana"], "attendance": 40, "tracks": ["Human Rights"], "not_with": ["MS-1"]},
>                                                                                ^
? 2

$ salle check tests/spec/data/unknown-room.json tests/spec/data/sched-ok.json
> tests/spec/data/unknown-room.json:18:75: error: unknown room "room-9" in "room" of "pinned" of session "OF-4"; no room has this id
>       {"id": "OF-4", "duration": 60, "after": ["WS-12"], "pinned": {"room": "room-9"}, "published": {"room": "room-3", "start": "2018-11-13T14:00"}}
>                                                                             ^
? 2

$ salle check tests/spec/data/duplicate-id.json tests/spec/data/sched-ok.json
> tests/spec/data/duplicate-id.json:18:12: error: duplicate session id "WS-12"; ids must be unique
>       {"id": "WS-12", "duration": 60, "after": ["WS-12"], "pinned": {"room": "room-3"}, "published": {"room": "room-3", "start": "2018-11-13T14:00"}}
>              ^
? 2

$ salle check tests/spec/data/outside-event.json tests/spec/data/sched-ok.json
> tests/spec/data/outside-event.json:18:127: error: "2018-11-15T14:00" is outside the event; event days are 2018-11-12 to 2018-11-13
>       {"id": "OF-4", "duration": 60, "after": ["WS-12"], "pinned": {"room": "room-3"}, "published": {"room": "room-3", "start": "2018-11-15T14:00"}}
>                                                                                                                                 ^
? 2

$ salle check tests/spec/data/too-long.json tests/spec/data/sched-ok.json
> tests/spec/data/too-long.json:16:57: error: session "MS-1" lasts 600 minutes, but the longest time any room is open in one stretch is 540 minutes; no room window can hold it
>       {"id": "MS-1", "title": "Main session", "duration": "10h", "needs": ["interpretation"], "resources": ["interp"], "attendance": 300, "speakers": ["anna"], "tracks": ["Human Rights"]},
>                                                           ^
? 2

$ salle check tests/spec/data/mini.json tests/spec/data/sched-unknown-room.json
> tests/spec/data/sched-unknown-room.json:3:32: error: unknown room "room-9"; no room in tests/spec/data/mini.json has this id
>     {"session": "WS-12", "room": "room-9", "start": "2018-11-13T12:30"},
>                                  ^
? 2

$ salle check tests/spec/data/mini.json tests/spec/data/sched-off-grid.json
> tests/spec/data/sched-off-grid.json:3:51: error: "start" of assignment number 2 is not on the event's 5-minute grid
>     {"session": "WS-12", "room": "room-3", "start": "2018-11-13T12:32"},
>                                                     ^
? 2

$ salle check tests/spec/data/mini.json tests/spec/data/sched-missing-start.json
> tests/spec/data/sched-missing-start.json:4:41: error: unknown key "begin" in assignment number 3; expected one of: session, room, start, end, cancelled
>     {"session": "OF-4", "room": "room-3", "begin": "2018-11-13T14:00"}
>                                           ^
? 2

$ salle check tests/spec/data/nonexistent.json tests/spec/data/sched-ok.json
> tests/spec/data/nonexistent.json: error: cannot open: No such file or directory
? 2


# Plenary sessions (docs/format.md: "exclusive", "overflow")

$ salle check tests/spec/data/exclusive-type.json tests/spec/data/sched-ok.json
> tests/spec/data/exclusive-type.json:16:199: error: "exclusive" of session "MS-1" must be true or false, not a string
? 2

$ salle check tests/spec/data/overflow-unknown.json tests/spec/data/sched-ok.json
> tests/spec/data/overflow-unknown.json:16:218: error: unknown room "room-9" in "overflow" of session "MS-1"; no room has this id
? 2

$ salle check tests/spec/data/overflow-alone.json tests/spec/data/sched-ok.json
> tests/spec/data/overflow-alone.json:17:167: error: session "WS-12" lists "overflow" rooms but is not exclusive; add "exclusive": true, or leave "overflow" out
>       {"id": "WS-12", "duration": "1h30", "organizers": ["kofi"], "speakers": ["anna"], "attendance": 40, "tracks": ["Human Rights"], "not_with": ["MS-1"], "overflow": ["room-3"]},
>                                                                                                                                                                         ^
? 2

# ---- safety (issue 8, points 9 and 10) ----

# An output that is one of the inputs is refused before anything is read or written: by the same
# name, through a symbolic link, or through a hard link (the same file, not only the same name).
$ cp tests/spec/data/mini.json $TMP/x.json; salle solve $TMP/x.json -o $TMP/x.json 2>&1 | sed "s|$TMP|TMP|g"; cmp -s tests/spec/data/mini.json $TMP/x.json && echo "x.json unchanged"
> salle: solve: the output TMP/x.json is the input TMP/x.json (the same file); salle never overwrites an input: write to another file
> x.json unchanged

$ cp tests/spec/data/mini.json $TMP/x.json; ln -s x.json $TMP/link.json; ln $TMP/x.json $TMP/hard.json; cd $TMP; salle solve x.json -o link.json; echo "exit $?"; salle solve link.json -o hard.json; echo "exit $?"; cmp -s $OLDPWD/tests/spec/data/mini.json x.json && echo "x.json unchanged"
> salle: solve: the output link.json is the input x.json (the same file); salle never overwrites an input: write to another file
> exit 2
> salle: solve: the output hard.json is the input link.json (the same file); salle never overwrites an input: write to another file
> exit 2
> x.json unchanged

$ cp tests/spec/data/dst.csv $TMP/a.csv; cd $TMP; salle import a.csv -o a.csv; echo "exit $?"; salle import a.csv -o i.json --schedule a.csv; echo "exit $?"; cmp -s $OLDPWD/tests/spec/data/dst.csv a.csv && echo "a.csv unchanged"; ls
> salle: import: the output a.csv is the input a.csv (the same file); salle never overwrites an input: write to another file
> exit 2
> salle: import: the output a.csv is the input a.csv (the same file); salle never overwrites an input: write to another file
> exit 2
> a.csv unchanged
> a.csv

$ salle export frab tests/spec/data/mini.json tests/spec/data/sched-ok.json -o tests/spec/data/sched-ok.json
> salle: export: the output tests/spec/data/sched-ok.json is the input tests/spec/data/sched-ok.json (the same file); salle never overwrites an input: write to another file
? 2

# check (and export) with the instance and the schedule swapped say so.
$ salle check tests/spec/data/sched-ok.json tests/spec/data/mini.json
> salle: check: the arguments are swapped: tests/spec/data/sched-ok.json is a schedule and tests/spec/data/mini.json an instance; the instance comes first: salle check tests/spec/data/mini.json tests/spec/data/sched-ok.json
? 2

$ salle export ics tests/spec/data/sched-ok.json tests/spec/data/mini.json -o $TMP/x.ics; echo "exit $?"; ls $TMP
> salle: export ics: the arguments are swapped: tests/spec/data/sched-ok.json is a schedule and tests/spec/data/mini.json an instance; the instance comes first: salle export ics tests/spec/data/mini.json tests/spec/data/sched-ok.json
> exit 2

# A UTF-8 byte-order mark (as Windows editors write) is accepted, and positions stay right.
$ printf '\xef\xbb\xbf' > $TMP/bom.json; cat tests/spec/data/mini.json >> $TMP/bom.json; salle check $TMP/bom.json tests/spec/data/sched-ok.json | head -2
> hard violations: 1
> soft total: 36

$ printf '\xef\xbb\xbf' > $TMP/bom.json; cat tests/spec/data/bad-type.json >> $TMP/bom.json; cd $TMP; salle check bom.json $OLDPWD/tests/spec/data/sched-ok.json 2>&1 | head -1
> bom.json:8:52: error: "capacity" of room "room-3" must be an integer, not a string

# An HTML page (a server's error page saved instead of the schedule) is named as such.
$ salle import tests/spec/data/error-page.xml -o $TMP/i.json; echo "exit $?"; ls $TMP
> tests/spec/data/error-page.xml:1:1: error: this is an HTML page, not a schedule (its title: "404 Not Found"); download the schedule.xml or schedule.json file itself (for frab and pretalx: the "XML" or "JSON" export link of the schedule)
>   <!DOCTYPE html>
>   ^
> exit 2

# Invalid UTF-8: a clear message, not "out of memory"; a lone surrogate (bytes ED A0 80) too.
$ sed 's/"Salle I"/"Salle \xe9"/' tests/spec/data/mini.json > $TMP/latin1.json; cd $TMP; salle check latin1.json $OLDPWD/tests/spec/data/sched-ok.json 2>&1 | head -1
> latin1.json:7:40: error: a string is not valid UTF-8; save the file as UTF-8 (Latin-1 and Windows-1252 files look like this)

$ sed 's/"Salle I"/"Salle \xed\xa0\x80"/' tests/spec/data/mini.json > $TMP/sur.json; cd $TMP; salle check sur.json $OLDPWD/tests/spec/data/sched-ok.json 2>&1 | head -1
> sur.json:7:31: error: a string is not valid UTF-8 (byte 0xED); save the file as UTF-8 and write no lone surrogate such as \ud800

# A file of the tz database that is not a zone is not a time zone.
$ sed 's|"timezone": "Europe/Paris"|"timezone": "zone.tab"|' tests/spec/data/mini.json > $TMP/z.json; cd $TMP; salle check z.json $OLDPWD/tests/spec/data/sched-ok.json 2>&1 | head -1
> z.json:3:41: error: unknown time zone "zone.tab"; expected an IANA name such as "Europe/Paris"

# Daylight-saving change days: a time the clocks skip or repeat is said, with its line; a
# negative duration is no longer read as positive.
$ salle import tests/spec/data/dst.csv -o $TMP/i.json --schedule $TMP/s.json --lenient 2>&1 >/dev/null
> tests/spec/data/dst.csv:3: warning: 2019-03-31T02:30 does not exist in Europe/Berlin (the clocks skip it when they go forward); read as 03:30 after the change; give a UTC offset to say otherwise
> tests/spec/data/dst.csv:5: warning: 2019-10-27T02:30 happens twice in Europe/Berlin (the clocks go back); read as the first, before the change; give a UTC offset to say otherwise
> tests/spec/data/dst.csv:7: warning: row 7, column 5 (duration): "-00:30" is not a duration above zero such as 90, "1h30" or "01:30"; skipped the row

$ salle import tests/spec/data/dst.csv -o $TMP/i.json --schedule $TMP/s.json --lenient >/dev/null 2>&1; sed -i 's/2019-03-31T03:30/2019-03-31T02:30/' $TMP/s.json; cd $TMP; salle export frab i.json s.json -o s.xml; grep '<date>' s.xml
> s.json: warning: session b starts at 2019-03-31T02:30, which does not exist in Europe/Berlin (the clocks skip it); written with the offset before the change, UTC+01:00
> s.json: warning: session d starts at 2019-10-27T02:30, which happens twice in Europe/Berlin (the clocks go back); written as the first, UTC+02:00
>         <date>2019-03-31T01:30:00+01:00</date>
>         <date>2019-03-31T02:30:00+01:00</date>
>         <date>2019-10-27T00:30:00+02:00</date>
>         <date>2019-10-27T00:30:00+02:00</date>
>         <date>2019-10-27T02:30:00+02:00</date>

# A frab file with 20,000 references to a 5 KB internal entity (it would expand to 100 MB) is
# refused at once, with the line of the reference that goes too far.
$ python3 -c 'import sys; sys.stdout.write("<?xml version=\"1.0\"?>\n<!DOCTYPE schedule [<!ENTITY e \"" + "x" * 5000 + "\">]>\n<schedule><conference><title>T</title></conference>\n<day index=\"1\" date=\"2019-03-31\"><room name=\"A\"><event id=\"1\"><date>2019-03-31T10:00:00+02:00</date><duration>01:00</duration>\n<title>" + "&e;" * 20000 + "</title></event></room></day></schedule>\n")' > $TMP/laughs.xml; cd $TMP; salle import laughs.xml -o i.json 2>&1 | head -1; ls
> laughs.xml:5:1: error: entity references here would expand this 65286-byte file by more than 261144 bytes (4 times its size); salle refuses such files, since a schedule needs no entities beyond &amp; and the like
> laughs.xml

# A session with more people than salle takes (docs/csv.md, Limits): a clear message, at once.
$ python3 -c 'print("id,title,room,start,duration,speakers,timezone"); print("1,Crowd,Hall,2025-02-01T10:00,60,\"" + ";".join("P%d" % i for i in range(100001)) + "\",UTC")' > $TMP/crowd.csv; cd $TMP; salle import crowd.csv -o i.json; echo "exit $?"; ls
> crowd.csv:2:1: error: session "1" has 100001 people (organizers and speakers); salle takes at most 100000 per session (is a long list in the wrong column?)
> exit 2
> crowd.csv
