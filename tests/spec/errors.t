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
> tests/spec/data/sched-missing-start.json:4:41: error: unknown key "begin" in assignment number 3; expected one of: session, room, start, end
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
