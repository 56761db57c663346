# salle check of talks (docs/scoring.md "Talks"): a CoSPLib instance (N2OR, imported by bench/cosplib)
# and a hand-broken schedule of it: a talk moved into a cell of another track, over a talk there.
# The soft total 5 is what CoSPLib's own scoring gives the same schedule (tests/cosplib.sh).

$ salle check examples/talks/N2OR.json tests/cosplib/N2OR-broken.json
> hard violations: 2
> soft total: 5
> hard rules:
>   placement          0
>   room_conflict      0
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
>   room_fit           0
>   session_preference 0
>   person_preference  0
>   stability          0
>   back_to_back       0
>   person_day_load    0
>   track_rooms        0
>   day_spread         0
>   remote_hours       0
>   speaking_time      0
>   holiday            0
>   round_start        0
> talk rules:
>   talk_placement           0
>   talk_track               1
>   talk_slots               0
>   talk_overlap             1
>   talk_session_room        0
>   talk_session_person      0
> talk goals:
>   track_block              0
>   track_room               0
>   block_room               0
>   similar_tracks           0
>   track_rooms              2
>   track_parallel           0
>   track_consecutive        2
>   talk_hours               0
>   talk_order               0
>   talk_block               1
>   talk_room                0
>   presenter_block_conflict 0
>   attendee_block_conflict  0
>   chair_conflict           0
>   presenter_slot_conflict  0
>   attendee_slot_conflict   0
> violations:
>   [hard talk_track] talk NEW19A3748 of track Modelling and Simulation is in Wed1 (Wed 09:30-10:30), Stafford 1, which holds track Supply Chain & Transportation Management
>   [hard talk_overlap] talks NEW19A3748 and NEW19A3730 share Stafford 1, Wed 09:30-10:00
>   [soft track_rooms 1] track Metaheuristics uses 2 rooms (Stafford 1, Stafford 2); one would do
>   [soft track_rooms 1] track Optimisation uses 2 rooms (Stafford 2, Steelhouse 1); one would do
>   [soft track_consecutive 1] track Optimisation is not in consecutive blocks: Wed1, Thu1, Thu2
>   [soft track_consecutive 1] track Analytics is not in consecutive blocks: Wed2, Thu2
>   [soft talk_block 1] talk NEW19A3728 in Thu2 (Thu 14:00-15:30) (penalty 1 x 1 slot)
? 1

# a bad talk instance: file, line and column, and what was expected
$ salle check tests/spec/data/talks-bad.json tests/spec/data/talks-bad.json
> tests/spec/data/talks-bad.json:7:49: error: "slots" of talk "T1" must be an integer from 1 to 1000, not a string
>    "talks": [{"id": "T1", "track": "ML", "slots": "2"}]}
>                                                   ^
? 2
