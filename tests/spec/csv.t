# Spreadsheets as people write them (docs/csv.md): an unclosed quote, a file saved in cp1252,
# a typo in one cell, a sheet of proposals with nothing placed, the published times kept.
# Every message names the file, the line and column, and the row and column of the sheet.

$ salle import tests/spec/data/unclosed-quote.csv -o $TMP/i.json
> tests/spec/data/unclosed-quote.csv:3:6: error: row 3, column 2 (title): this cell opens a quote (") that nothing closes, so every row after it would be read into the cell; close the quote, or double it ("") to mean a quote mark
>   WS-2,"Open data, in cities,90,Salle 3,2025-06-02T10:30,Jo Park
>        ^
? 2

# --lenient cannot guess where the cell should have ended
$ salle import tests/spec/data/unclosed-quote.csv -o $TMP/i.json --lenient; ls $TMP
> tests/spec/data/unclosed-quote.csv:3:6: error: row 3, column 2 (title): this cell opens a quote (") that nothing closes, so every row after it would be read into the cell; close the quote, or double it ("") to mean a quote mark
>   WS-2,"Open data, in cities,90,Salle 3,2025-06-02T10:30,Jo Park
>        ^

$ salle import tests/spec/data/cp1252.csv -o $TMP/i.json; ls $TMP
> tests/spec/data/cp1252.csv:2:9: error: the file is not UTF-8 (byte 0xE9 here); it looks like Windows-1252 (cp1252), which Excel on Windows saves: import with --encoding cp1252 (or --encoding auto), or save the sheet as "CSV UTF-8"
>   WS-1,Café des données,60,Réunion,2025-06-02T09:00,José Muñoz;Zoë Dupré,Europe/Paris
>           ^

$ salle import tests/spec/data/cp1252.csv -o $TMP/i.json --encoding cp1252 | sed "s|$TMP|TMP|" && grep -o '"\(name\|title\)": "[^"]*"' $TMP/i.json
> imported tests/spec/data/cp1252.csv: 2 sessions, 1 rooms, 2 people over 1 day; 0 warnings
> instance written to TMP/i.json
> "name": "cp1252"
> "name": "RÃ©union"
> "name": "JosÃ© MuÃ±oz"
> "name": "ZoÃ« DuprÃ©"
> "title": "CafÃ© des donnÃ©es"
> "title": "â€œOpenâ€ data"

$ salle import tests/spec/data/cp1252.csv -o $TMP/i.json --encoding auto 2>&1 | sed "s|$TMP|TMP|"
> tests/spec/data/cp1252.csv:2: warning: the file is not UTF-8 (byte 0xE9); read it as Windows-1252 (cp1252), which Excel on Windows saves, a guess: check the accented names, or give --encoding
> imported tests/spec/data/cp1252.csv: 2 sessions, 1 rooms, 2 people over 1 day; 1 warning
> instance written to TMP/i.json

$ salle import tests/spec/data/cp1252.csv -o $TMP/i.json --encoding klingon
> tests/spec/data/cp1252.csv: error: unknown encoding "klingon"; give one iconv knows, such as cp1252, latin1 or utf-16 (iconv -l lists them)
? 2

# a typo drops nothing quietly: an error, unless --lenient says to skip the row (Salle 3, used
# only by that row, stays)
$ salle import tests/spec/data/typo.csv -o $TMP/i.json
> tests/spec/data/typo.csv:3:16: error: row 3, column 3 (duration): "9O" is not a duration above zero such as 90, "1h30" or "01:30"; correct the cell, or import with --lenient to skip the row
>   WS-2,Open data,9O,Salle 3,2025-06-02T10:30,Jo Park,
>                  ^
? 2

$ salle import tests/spec/data/typo.csv -o $TMP/i.json --lenient 2>&1 | sed "s|$TMP|TMP|"
> tests/spec/data/typo.csv:3: warning: row 3, column 3 (duration): "9O" is not a duration above zero such as 90, "1h30" or "01:30"; skipped the row
> imported tests/spec/data/typo.csv: 2 sessions, 2 rooms, 1 people over 1 day; 1 warning
> instance written to TMP/i.json

# proposals, nothing placed: the days and rooms from the lines above the header; solve places them
$ salle import tests/spec/data/proposals.csv -o $TMP/i.json --schedule $TMP/s.json | sed "s|$TMP|TMP|g" && salle solve $TMP/i.json -o $TMP/x.json --seed 1 --iterations 5000 > /dev/null; salle check $TMP/i.json $TMP/x.json --quiet | head -1
> imported tests/spec/data/proposals.csv: 2 sessions, 2 rooms, 2 people over 2 days; 0 warnings
> instance written to TMP/i.json
> published schedule written to TMP/s.json
> check it with: salle check TMP/i.json TMP/s.json
> hard violations: 0

$ salle import tests/spec/data/proposals.csv -o $TMP/i.json --days tomorrow
> tests/spec/data/proposals.csv: error: --days "tomorrow" is not a list of dates (1900 to 2200) such as 2025-06-02,2025-06-03 or 2025-06-02..2025-06-04
? 2

# --keep-times: the published placement is each session's "published" key, so solve keeps it
$ salle import tests/spec/data/typo.csv -o $TMP/i.json --lenient --keep-times 2>/dev/null >/dev/null && grep -A3 '"published"' $TMP/i.json | head -4
>       "published": {
>         "room": "main-hall",
>         "start": "2025-06-02T09:00"
>       }
