# The talks sheet of a CSV file (docs/csv.md "Talks"): an academic conference's blocks, tracks and
# talks as three tables in one sheet, imported into the native talk keys and exported back.

# the worked example of docs/csv.md: imported, solved, checked
$ salle import tests/spec/data/talks.csv -o $TMP/i.json | sed "s|$TMP|TMP|"; salle solve $TMP/i.json -o $TMP/s.json --seed 1 --iterations 2000 > /dev/null && salle check $TMP/i.json $TMP/s.json --quiet | head -2
> imported tests/spec/data/talks.csv: 0 sessions, 3 talks, 2 rooms, 2 people over 1 day; 0 warnings
> instance written to TMP/i.json
> hard violations: 0
> soft total: 1

# what the sheet says, in the instance: ids as written, people from names, zero penalties, default
# weights and the event's own time zone left out, each similar pair once
$ salle import tests/spec/data/talks.csv -o $TMP/i.json > /dev/null; /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [print(k, json.dumps(d[k])) for k in ("rooms", "people", "blocks", "talk_tracks", "talks", "talk_weights")]' $TMP/i.json
> rooms [{"id": "A", "name": "Room A", "capacity": 120}, {"id": "B", "name": "Room B", "capacity": 60}]
> people [{"id": "p-bo-li", "name": "Bo Li"}, {"id": "p-ana-silva", "name": "Ana Silva"}]
> blocks [{"id": "Wed1", "day": "2026-06-17", "start": "10:00", "end": "11:00", "slots": 3}, {"id": "Wed2", "day": "2026-06-17", "start": "11:20", "end": "12:00", "slots": 2, "room_penalties": {"B": 4}}]
> talk_tracks [{"id": "ML", "name": "Machine Learning", "chairs": ["p-bo-li"], "block_penalties": {"Wed2": 10}, "similar": {"NLP": 1}}, {"id": "NLP", "room_penalties": {"B": 2}}]
> talks [{"id": "ML-1", "title": "Sparse attention", "abstract": "Attention, made sparse.", "track": "ML", "slots": 1, "order": 1, "presenters": ["p-ana-silva"]}, {"id": "ML-2", "track": "ML", "slots": 2, "order": 2, "presenters": ["p-bo-li"]}, {"id": "NLP-1", "track": "NLP", "slots": 1, "presenters": ["p-ana-silva"], "attendees": ["p-bo-li"], "timezone": "America/Sao_Paulo", "block_penalties": {"Wed1": 5}}]
> talk_weights {"presenter_slot_conflict": 100000}

# salle export csv writes the same layout (the hour facts with their defaults); import -> export
# -> import gives the same instance, and exporting that again the same sheet
$ salle import tests/spec/data/talks.csv -o $TMP/i.json > /dev/null; salle solve $TMP/i.json -o $TMP/s.json --seed 1 --iterations 2000 > /dev/null; salle export csv $TMP/i.json $TMP/s.json -o $TMP/t.csv > /dev/null; tr -d '\r' < $TMP/t.csv; salle import $TMP/t.csv -o $TMP/j.json > /dev/null; cmp $TMP/i.json $TMP/j.json && salle export csv $TMP/j.json $TMP/s.json -o $TMP/u.csv > /dev/null && cmp $TMP/t.csv $TMP/u.csv && echo same
> event,ECAI 2026
> timezone,Europe/Lisbon
> rooms,Room A [A] (120); Room B [B] (60)
> suitable hours,09:30-21:30
> less suitable hours,07:00-23:00
> hour penalties,1; 10
> weights,presenter_slot_conflict (100000)
>
> block,day,start,end,slots,room penalties
> Wed1,2026-06-17,10:00,11:00,3,
> Wed2,2026-06-17,11:20,12:00,2,B (4)
>
> track,name,chairs,block penalties,room penalties,similar tracks
> ML,Machine Learning,Bo Li,Wed2 (10),,NLP (1)
> NLP,,,,B (2),
>
> id,title,track,order,slots,presenters,attendees,timezone,block penalties,room penalties,abstract
> ML-1,Sparse attention,ML,1,1,Ana Silva,,,,,"Attention, made sparse."
> ML-2,,ML,2,2,Bo Li,,,,,
> NLP-1,,NLP,,1,Ana Silva,Bo Li,America/Sao_Paulo,Wed1 (5),,
> same

# without a track table the talks' track column makes the tracks; similar pairs may be given on
# both sides with one value
$ printf 'rooms,Room A\n\nblock,day,start,end,slots\nB1,2026-06-17,10:00,11:00,2\n\nid,track,presenters\nT1,ML,Ana\nT2,NLP,Bo\n' > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json 2>&1 | sed "s|$TMP|TMP|"; /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(d["talk_tracks"]), d["event"])' $TMP/i.json
> TMP/t.csv: warning: no timezone line; the talks are read in UTC
> imported TMP/t.csv: 0 sessions, 2 talks, 1 rooms, 2 people over 1 day; 1 warning
> instance written to TMP/i.json
> [{"id": "ML"}, {"id": "NLP"}] {'name': 't', 'timezone': 'UTC', 'days': ['2026-06-17']}

$ printf 'timezone,UTC\nrooms,R\nblock,day,start,end,slots\nB1,2026-06-17,10:00,11:00,2\ntrack,similar tracks\nML,NLP (2)\nNLP,ML (3)\nid,track,presenters\nT1,ML,Ana\n' > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json 2>&1 | sed "s|$TMP|TMP|"; exit ${PIPESTATUS[0]}
> TMP/t.csv:7:5: error: row 7, column 2 (similar tracks): the penalty of "ML (3)" with this track is 3 here and 2 on row 6; give one value
>   NLP,ML (3)
>       ^
? 2

# a talks sheet has no placement: --schedule is refused before anything is written, and a failed
# import leaves an existing instance as it was
$ echo keep > $TMP/i.json; salle import tests/spec/data/talks.csv -o $TMP/i.json --schedule $TMP/s.json; echo "exit $?"; cat $TMP/i.json; ls $TMP
> tests/spec/data/talks.csv: error: a talks sheet holds no placement to write: import it without --schedule and --keep-times, then solve it
> exit 2
> keep
> i.json

$ echo keep > $TMP/i.json; sed 's/^NLP-1,,NLP,/NLP-1,,CV,/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > /dev/null 2>&1; echo "exit $?"; cat $TMP/i.json
> exit 2
> keep

# unknown track: an error at its row and column, exit 2, no instance written
$ sed 's/^NLP-1,,NLP,/NLP-1,,CV,/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:17:8: error: row 17, column 3 (track): unknown track "CV"; expected one of the track table
>   NLP-1,,CV,,,Ana Silva,Bo Li,America/Sao_Paulo,Wed1 (5),,
>          ^
> out
> t.csv
? 2

# a presenter list that does not parse: an error at its row and column, exit 2, no instance written
$ sed 's/,Bo Li,,,,,$/,Bo Li [bo,,,,,/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:16:14: error: row 16, column 6 (presenters): "Bo Li [bo" is not a name, or a name with its id in brackets ("Ana Lima [ana]"); names are separated by ";"
>   ML-2,,ML,2,2,Bo Li [bo,,,,,
>                ^
> out
> t.csv
? 2

# slots not a positive integer (talk): an error at its row and column, exit 2, no instance written
$ sed 's/^ML-2,,ML,2,2,/ML-2,,ML,2,0,/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:16:12: error: row 16, column 5 (slots): "0" is not a number of time slots, a whole number from 1
>   ML-2,,ML,2,0,Bo Li,,,,,
>              ^
> out
> t.csv
? 2

# slots not a positive integer (block): an error at its row and column, exit 2, no instance written
$ sed 's/,3,$/,three,/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:7:29: error: row 7, column 5 (slots): "three" is not a number of time slots, a whole number from 1
>   Wed1,2026-06-17,10:00,11:00,three,
>                               ^
> out
> t.csv
? 2

# duplicate order within a track: an error at its row and column, exit 2, no instance written
$ sed 's/^ML-2,,ML,2,/ML-2,,ML,1,/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:16:10: error: row 16, column 4 (order): track "ML" already has a talk at position 1 (row 15)
>   ML-2,,ML,1,2,Bo Li,,,,,
>            ^
> out
> t.csv
? 2

# a block with end before start: an error at its row and column, exit 2, no instance written
$ sed 's/^Wed1,2026-06-17,10:00,11:00/Wed1,2026-06-17,10:00,09:00/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:7:23: error: row 7, column 4 (end): the block ends at 09:00, not after its start 10:00
>   Wed1,2026-06-17,10:00,09:00,3,
>                         ^
> out
> t.csv
? 2

# blocks that overlap: an error at its row and column, exit 2, no instance written
$ sed 's/^Wed2,2026-06-17,11:20/Wed2,2026-06-17,10:20/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:8:17: error: row 8, column 3 (start): the block starts before the block above it (row 7) ends; list blocks in time order, without overlaps
>   Wed2,2026-06-17,10:20,12:00,2,B (4)
>                   ^
> out
> t.csv
? 2

# a day that is not a date: an error at its row and column, exit 2, no instance written
$ sed 's/^Wed2,2026-06-17/Wed2,2026-06-31/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:8:6: error: row 8, column 2 (day): "2026-06-31" is not a date such as 2026-06-17
>   Wed2,2026-06-31,11:20,12:00,2,B (4)
>        ^
> out
> t.csv
? 2

# an unknown room in a penalty list: an error at its row and column, exit 2, no instance written
$ sed 's/B (4)/C (4)/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:8:31: error: row 8, column 6 (room penalties): unknown room "C"; expected one of the rooms line
>   Wed2,2026-06-17,11:20,12:00,2,C (4)
>                                 ^
> out
> t.csv
? 2

# a penalty that is not a number: an error at its row and column, exit 2, no instance written
$ sed 's/Wed2 (10)/Wed2 (ten)/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:11:27: error: row 11, column 4 (block penalties): "Wed2 (ten)" is not a block with its penalty in brackets, such as "Wed2 (4)"
>   ML,Machine Learning,Bo Li,Wed2 (ten),,NLP (1)
>                             ^
> out
> t.csv
? 2

# an unknown block in a penalty list: an error at its row and column, exit 2, no instance written
$ sed 's/Wed1 (5)/Fri1 (5)/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:17:48: error: row 17, column 9 (block penalties): unknown block "Fri1"; expected one of the block table
>   NLP-1,,NLP,,,Ana Silva,Bo Li,America/Sao_Paulo,Fri1 (5),,
>                                                  ^
> out
> t.csv
? 2

# an unknown time zone: an error at its row and column, exit 2, no instance written
$ sed 's#America/Sao_Paulo#Mars/Olympus#' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:17:30: error: row 17, column 8 (timezone): "Mars/Olympus" is not a time zone such as "Europe/Paris"
>   NLP-1,,NLP,,,Ana Silva,Bo Li,Mars/Olympus,Wed1 (5),,
>                                ^
> out
> t.csv
? 2

# an unknown similar track: an error at its row and column, exit 2, no instance written
$ sed 's/NLP (1)/CV (1)/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:11:38: error: row 11, column 6 (similar tracks): unknown track "CV"; expected one of the track table
>   ML,Machine Learning,Bo Li,Wed2 (10),,CV (1)
>                                        ^
> out
> t.csv
? 2

# a talk listed twice: an error at its row and column, exit 2, no instance written
$ sed 's/^NLP-1,/ML-1,/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:17:1: error: row 17, column 1 (id): talk "ML-1" is listed twice (first on row 15)
>   ML-1,,NLP,,,Ana Silva,Bo Li,America/Sao_Paulo,Wed1 (5),,
>   ^
> out
> t.csv
? 2

# an unknown goal in the weights: an error at its row and column, exit 2, no instance written
$ sed 's/presenter_slot_conflict (100000)/speaker_clash (5)/' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv:4:9: error: row 4, column 2: "speaker_clash (5)" is not a goal of docs/scoring.md "Talks" with its weight in brackets, such as "talk_order (5)"
>   weights,speaker_clash (5)
>           ^
> out
> t.csv
? 2

# no rooms line: an error at its row and column, exit 2, no instance written
$ sed '/^rooms,/d' tests/spec/data/talks.csv > $TMP/t.csv; salle import $TMP/t.csv -o $TMP/i.json > $TMP/out 2>&1; rc=$?; sed "s|$TMP|TMP|" $TMP/out; ls $TMP; exit $rc
> TMP/t.csv: error: a talks sheet needs a rooms line above its tables, such as "rooms,Room A (120); Room B (60)"
> out
> t.csv
? 2

