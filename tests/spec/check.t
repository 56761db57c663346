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

# --language: the explanations in the reader's language (issue 11 point 6); the rules' and goals'
# names are the instance file's keys and stay; ids, names and dates stay as the instance has them.
$ salle check tests/spec/data/mini.json tests/spec/data/sched-ok.json --language fr | sed -n '/^violations:/,$p'
> violations:
>   [hard room_conflict] WS-12 (Room 3, mar. 12:30-14:00) et OF-4 (Room 3, mar. 14:00-15:00) laissent 0 minutes dans Room 3, qui demande 15 minutes entre deux sessions
>   [soft room_fit 5] OF-4 attend 1 personne et Room 3 en accueille 60 : 57 places vides au-delà de trois fois l’affluence
>   [soft track_rooms 15] le thème « Human Rights » utilise 2 salles : Salle I et Room 3
>   [soft day_spread 10] le thème « Human Rights » a 2 sessions le 2018-11-13 mais 0 le 2018-11-12
>   [soft remote_hours 6] WS-12 (Room 3, mar. 12:30-14:00) a lieu 03:30-05:00 pour Kofi Mensah (America/Los_Angeles) : 90 minutes en dehors de 08:00-22:00
> notes:
>   MS-1 : 1 intervenant en 180 minutes
>   WS-12 : 1 intervenant en 90 minutes

$ salle check tests/spec/data/mini.json tests/spec/data/sched-ok.json --language es-419 | grep -F '[soft room_fit'
>   [soft room_fit 5] OF-4 espera 1 persona y Room 3 admite 60: 57 asientos vacíos más allá del triple de la asistencia

$ salle check tests/spec/data/mini.json tests/spec/data/sched-ok.json --language ar | grep -F '[hard'
>   [hard room_conflict] WS-12 (Room 3، الثلاثاء 12:30-14:00) وOF-4 (Room 3، الثلاثاء 14:00-15:00) تتركان 0 دقيقة في Room 3، التي تحتاج إلى 15 دقيقة للتبديل بين جلستين

# English is the output without --language, byte for byte, exit status included
$ salle check tests/spec/data/mini.json tests/spec/data/sched-ok.json --language EN > $TMP/en; echo $?; salle check tests/spec/data/mini.json tests/spec/data/sched-ok.json > $TMP/plain; cmp $TMP/en $TMP/plain && echo same
> 1
> same

$ salle check tests/spec/data/mini.json tests/spec/data/sched-ok.json --language de
> salle: check: no interface translation for language 'de'; salle has en, ar, es, fr (po/LANG.po)
? 2
