# Usage errors exit 2 and say what was expected.

$ salle
> salle: no command given
> run 'salle help' for usage
? 2

$ salle frobnicate
> salle: unknown command 'frobnicate'
> run 'salle help' for usage
? 2

$ salle solve tests/spec/data/mini.json
> salle: solve needs INSTANCE and -o SCHEDULE
> run 'salle help' for usage
? 2

$ salle solve tests/spec/data/mini.json -o $TMP/x.json --time-limit -3
> salle: --time-limit needs a number of seconds above 0, not '-3'
> run 'salle help' for usage
? 2

$ salle gen --sessions 0 -o $TMP/x.json
> salle: --sessions needs a number from 1 to 100000, not '0'
> run 'salle help' for usage
? 2

$ salle check tests/spec/data/mini.json
> salle: check needs INSTANCE and SCHEDULE
> run 'salle help' for usage
? 2

$ salle --version
> salle 0.1.0

