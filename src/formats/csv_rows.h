/*
 * csv_rows.h: a CSV file as rows of cells, each row knowing the physical line it starts on
 * (src/formats/csv_rows.c over libcsv). Shared by the CSV programme importer (import_csv.c) and
 * the interest ballots reader (ballots.c), so both report positions the same way.
 */
#ifndef SALLE_CSV_ROWS_H
#define SALLE_CSV_ROWS_H

#include "base/internal.h"

typedef struct salle__csv_row {
    int line; /* physical line where the row starts */
    int n;
    char **f; /* NUL-terminated cells, owned */
} salle__csv_row;

typedef struct salle__csv_rows {
    int n, cap;
    salle__csv_row *rows;
} salle__csv_rows;

/* Reads buf (a leading UTF-8 byte order mark is skipped) with delimiter delim into *out, which
 * must be zeroed. on_nul, when not NULL, is called with the line of each cell that holds a NUL
 * byte (the cell keeps what comes before it). Returns 0, or -1 with *err set (line of the
 * malformed text); *out is then freed. */
int salle__csv_rows_read(const char *buf, size_t len, unsigned char delim, const char *name,
                         void (*on_nul)(void *ctx, int line), void *ctx, salle__csv_rows *out,
                         salle_diag *err);
void salle__csv_rows_free(salle__csv_rows *r);

#endif
