# salle bound: a proven lower bound on the soft score, by argument (docs/lp.md); with a schedule,
# its score and gap. Three hour-long sessions of one track in a two-hour day: one pair must
# overlap (Turán) and each room holds one of them a day (changeover), so three rooms.

$ salle bound tests/bound/turan.json tests/spec/data/bound-turan-sched.json
> lower bound: hard 0, soft 60
>   placement goals    0
>   track_overlap      30
>   track_rooms        30
> schedule: hard 0, soft 60
> gap: 0.0% of the schedule's soft score is not proven necessary

# --lp writes the rooms-and-tracks programme for CBC (one track, so an offset of 15)
$ cd $TMP && salle bound $OLDPWD/tests/bound/turan.json --lp b.lp && grep -c '^ tu0_' b.lp
> lower bound: hard 0, soft 60
>   placement goals    0
>   track_overlap      30
>   track_rooms        30
> rooms and tracks together: b.lp; CBC's bound of it minus 15 may replace placement goals + track_rooms (30)
> 3

$ salle bound
> salle: bound needs INSTANCE
> usage: salle bound INSTANCE [SCHEDULE] [--lp FILE]
? 2

$ salle bound tests/bound/turan.json --frob
> salle: bound: unknown option '--frob'
> usage: salle bound INSTANCE [SCHEDULE] [--lp FILE]
? 2

$ salle bound tests/bound/missing.json
> tests/bound/missing.json: error: cannot open: No such file or directory
? 2
