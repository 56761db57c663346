# Start-up (issue 8 point 11): `salle` links only the libraries of import, export, solve and
# check; the server's commands run in salle-server beside it, which `salle` execs with the same
# command line, so `salle serve ...` stays the command to type.

# nothing the server needs is loaded when salle starts (not even through another library)
$ ldd "$SALLE_BIN" | grep -c -E 'curl|microhttpd|sqlite|libpq|sodium|gnutls|nettle|p11-kit|ssl'
> 0
? 1

# the server's commands still answer from salle, with salle-server's own messages
$ salle serve --db "$TMP/s.db"
> salle: serve needs --public DIR
> run 'salle help' for usage
? 2

$ salle admin-token --db "$TMP/s.db" | tr -d '\n' | wc -c; ls "$TMP"
> 43
> s.db

# a salle copied without salle-server says what is missing
$ cp "$SALLE_BIN" "$TMP/salle"; "$TMP/salle" organizer-link --db "$TMP/s.db" --person p 2>&1 | sed "s|$TMP|TMP|"; echo "status ${PIPESTATUS[0]}"
> salle: organizer-link: cannot run TMP/salle-server: No such file or directory; it is built and installed beside salle
> status 2
