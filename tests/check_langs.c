/*
 * check_langs.c: a report redone in every interface language (check_langs.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check_langs.h"

#include <string.h>

const char *const check_langs[3] = {"fr", "es", "ar"};

void check_in_every_language(const salle_instance *inst, const salle_schedule *s, const salle_report *en,
                             void (*each)(void *ctx, int l, const salle_report *r), void *ctx)
{
    const char *as_english[] = {NULL, "en", "en-GB", "de"};
    for (size_t k = 0; k < sizeof as_english / sizeof *as_english; k++) {
        salle_report *r = salle_check_lang(inst, s, as_english[k]);
        assert_int_equal(r->nviolations, en->nviolations);
        for (int i = 0; i < r->nviolations; i++)
            assert_string_equal(r->violations[i].text, en->violations[i].text);
        assert_int_equal(r->ninfo, en->ninfo);
        for (int i = 0; i < r->ninfo; i++)
            assert_string_equal(r->info[i], en->info[i]);
        salle_report_free(r);
    }
    for (int l = 0; l < 3; l++) {
        salle_report *r = salle_check_lang(inst, s, check_langs[l]);
        assert_int_equal(r->score.hard, en->score.hard);
        assert_int_equal(r->score.soft, en->score.soft);
        assert_int_equal(r->nviolations, en->nviolations);
        for (int i = 0; i < r->nviolations; i++) {
            const salle_violation *v = &r->violations[i], *e = &en->violations[i];
            assert_int_equal(v->hard, e->hard);
            assert_int_equal(v->rule, e->rule);
            assert_int_equal(v->cost, e->cost);
            if (strcmp(v->text, e->text) == 0)
                fail_msg("%s gives the English text: %s", check_langs[l], v->text);
        }
        assert_int_equal(r->ninfo, en->ninfo);
        for (int i = 0; i < r->ninfo; i++)
            if (strcmp(r->info[i], en->info[i]) == 0)
                fail_msg("%s gives the English note: %s", check_langs[l], r->info[i]);
        if (each)
            each(ctx, l, r);
        salle_report_free(r);
    }
}
