# salle check: score, per-rule breakdown, every violation in words; exit 1 when a hard rule breaks.

$ salle check tests/spec/data/mini.json tests/spec/data/sched-ok.json
> hard violations: 1
> soft total: 36
> hard rules:
>   placement          0
>   room_conflict      1
>   person_conflict    0
>   availability       0
>   capacity           0
>   features           0
>   resources          0
>   relations          0
>   fixed              0
>   exclusive          0
> soft goals:
>   audience_overlap   0
>   track_overlap      0
>   tag_overlap        0
>   capacity_margin    0
>   room_fit           5
>   session_preference 0
>   person_preference  0
>   stability          0
>   back_to_back       0
>   person_day_load    0
>   track_rooms        15
>   day_spread         10
>   remote_hours       6
>   speaking_time      0
>   holiday            0
>   round_start        0
> violations:
>   [hard room_conflict] WS-12 (Room 3, Tue 12:30-14:00) and OF-4 (Room 3, Tue 14:00-15:00) leave 0 minutes in Room 3, which needs 15 minutes to change over
>   [soft room_fit 5] OF-4 expects 1 person and Room 3 holds 60: 57 empty seats beyond three times the attendance
>   [soft track_rooms 15] track "Human Rights" uses 2 rooms: Salle I and Room 3
>   [soft day_spread 10] track "Human Rights" has 2 sessions on 2018-11-13 but 0 on 2018-11-12
>   [soft remote_hours 6] WS-12 (Room 3, Tue 12:30-14:00) is 03:30-05:00 for Kofi Mensah (America/Los_Angeles): 90 minutes outside 08:00-22:00
> notes:
>   MS-1: 1 speaker in 180 minutes
>   WS-12: 1 speaker in 90 minutes
? 1

$ salle check --quiet tests/spec/data/mini.json tests/spec/data/sched-ok.json
> hard violations: 1
> soft total: 36
> hard rules:
>   placement          0
>   room_conflict      1
>   person_conflict    0
>   availability       0
>   capacity           0
>   features           0
>   resources          0
>   relations          0
>   fixed              0
>   exclusive          0
> soft goals:
>   audience_overlap   0
>   track_overlap      0
>   tag_overlap        0
>   capacity_margin    0
>   room_fit           5
>   session_preference 0
>   person_preference  0
>   stability          0
>   back_to_back       0
>   person_day_load    0
>   track_rooms        15
>   day_spread         10
>   remote_hours       6
>   speaking_time      0
>   holiday            0
>   round_start        0
? 1


# A plenary (exclusive) session with a workshop beside it: rule 10, in words that say what to do.

$ salle check tests/spec/data/plenary.json tests/spec/data/sched-plenary.json | grep -E '^hard violations|exclusive'
> hard violations: 3
>   exclusive          1
>   [hard exclusive] WS-12 (Room 3, Tue 11:00-12:30) runs during the exclusive session MS-1 (Salle I, Tue 09:00-12:00), while only Salle I may be in use: move WS-12 outside Tue 09:00-12:00, or add Room 3 to the "overflow" rooms of MS-1
