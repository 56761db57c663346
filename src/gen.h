/* gen.h: the instance generator's public entry point, until the lead merges it into
 * include/salle/salle.h (the declaration below is the one to copy there verbatim). */
#ifndef SALLE_GEN_H
#define SALLE_GEN_H

typedef struct salle_gen_options { int sessions; unsigned long long seed; } salle_gen_options;
/* Returns a newly malloc'd NUL-terminated JSON text of an instance (caller frees), or NULL on OOM. */
char *salle_gen_json(const salle_gen_options *opt);

#endif
