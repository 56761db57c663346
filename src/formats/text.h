/*
 * text.h: a session's abstract as its publisher meant it (src/formats/text.c). frab files from
 * FOSDEM carry HTML, pretalx writes Markdown, a spreadsheet holds plain text; the session says
 * which (salle_session.abstract_format). The site shows the abstract as safe HTML, iCal and CSV as
 * plain text. Every path that may hold markup goes through libxml2's HTML parser (or its XML
 * parser, where that builds the same tree, three times faster) and an allow-list of elements and
 * attributes, so whatever a source holds (<script>, onerror=, javascript: links, <iframe>, style)
 * comes out inert; only the plain text of a Markdown abstract with no character that could open
 * markup (no < and no entity) is written without a parser.
 */
#ifndef SALLE_TEXT_H
#define SALLE_TEXT_H

#include "base/internal.h"
#include "model/model.h" /* salle__text_format_name, salle__text_format_parse */

/* Safe HTML for a page, made of block elements (<p>, <ul>, <h3>...): HTML is sanitized, Markdown
 * rendered by cmark in safe mode and then sanitized, plain text escaped and split into paragraphs
 * at blank lines. Headings keep their order but start at <h3> (the abstract is under the page's
 * <h2>), so that screen readers announce a sensible outline.
 * Newly malloc'd; "" for NULL. */
char *salle__text_html(const char *s, int format);
/* The same text as plain text for calendars and spreadsheets: elements become line breaks,
 * list items "- ", entities their characters, links "text (url)". Newly malloc'd; "" for NULL. */
char *salle__text_plain(const char *s, int format);
/* 1 when s holds HTML markup (an element the HTML parser recognises), as FOSDEM's abstracts do;
 * importers of formats that do not say use it to set the abstract's format. */
int salle__text_is_html(const char *s);
/* For tests: take the long way every time: every HTML fragment read by libxml2's HTML parser,
 * not first as XML, and every Markdown abstract rendered to HTML by cmark and read back, not
 * written from cmark's tree when it is simple (text.c says why); and how many fragments each
 * parser has read so far. */
void salle__text_html_parser_only(int on);
void salle__text_parser_counts(long *xml, long *html);
/* For tests: how many Markdown abstracts have been written from cmark's tree directly (or, as
 * plain text, without it, when they hold no Markdown at all: these are counted in both); and how
 * many without it. */
long salle__text_simple_count(void);
long salle__text_words_count(void);

#endif
