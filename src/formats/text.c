/*
 * text.c: abstracts rendered as their publisher meant (text.h): HTML through an allow-list
 * sanitizer on libxml2's HTML parser, Markdown through cmark in safe mode (then the same
 * sanitizer), plain text escaped; and every format down to plain text for iCal and CSV.
 *
 * Why a parser and an allow-list: a sanitizer that looks for bad patterns misses the next
 * spelling (<ScRiPt>, "jav&#x09;ascript:", an unclosed attribute); one that rebuilds the document
 * from a parse tree and writes only elements and attributes it knows to be harmless cannot be
 * talked into writing anything else, because every byte of text it writes is escaped again.
 */
#include "formats/text.h"
#include "formats/export.h" /* salle__export_url_ok */

#include <cmark.h>
#include <pthread.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h> /* xmlStringText */
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- output */

static void put(salle__buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        while (b->n + n + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 256;
        b->s = salle__xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void puts_(salle__buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Text or an attribute value, escaped so that it can only ever be text. Runs of plain bytes are
 * copied at once: abstracts are long, and most of their bytes need nothing. */
static void put_esc(salle__buf *b, const char *s)
{
    for (;;) {
        size_t n = strcspn(s, "&<>\"");
        put(b, s, n);
        s += n;
        switch (*s) {
        case 0: return;
        case '&': puts_(b, "&amp;"); break;
        case '<': puts_(b, "&lt;"); break;
        case '>': puts_(b, "&gt;"); break;
        default: puts_(b, "&quot;"); break;
        }
        s++;
    }
}

static char *done(salle__buf *b)
{
    return b->s ? b->s : salle__xstrdup("");
}

/* ---------------------------------------------------------------- the allow-list */

/* Elements written as they are, without attributes (a keeps a safe href). */
static const char *const kept[] = {"p", "br", "em", "strong", "b", "i", "u", "s", "del", "ins",
                                   "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
                                   "sub", "sup", "small", "q", "cite", "abbr", "hr", "a", NULL};
/* Elements dropped with everything inside them: code, embedded documents, forms, metadata.
 * (HTML5's empty elements that libxml2's HTML 4 parser does not know as empty, such as <embed>,
 * would hold all that follows them, so they are not here: they lose only themselves.) */
static const char *const dropped[] = {"script", "style", "iframe", "object", "noscript",
                                      "template", "svg", "math", "form", "button", "select",
                                      "textarea", "option", "head", "title", "meta", "link",
                                      "base", "frame", "frameset", "applet", "audio", "video",
                                      "canvas", "noembed", "noframes", "xmp", "plaintext", NULL};
/* Block elements: a paragraph break in plain text. */
static const char *const blocks[] = {"p", "div", "blockquote", "pre", "ul", "ol", "dl", "table",
                                     "section", "article", "header", "footer", "aside", "nav",
                                     "figure", "address", "hr", "h1", "h2", "h3", "h4", "h5",
                                     "h6", "main", "details", "summary", NULL};

/* Elements where libxml2's HTML parser keeps white space that follows them, or that starts them
 * (its allowPCData list); elsewhere it drops text that is only white space before a tag. */
static const char *const pcdata[] = {"a", "abbr", "acronym", "address", "applet", "b", "bdo",
                                     "big", "blockquote", "body", "button", "caption", "center",
                                     "cite", "code", "dd", "del", "dfn", "div", "dt", "em", "font",
                                     "form", "h1", "h2", "h3", "h4", "h5", "h6", "i", "iframe",
                                     "ins", "kbd", "label", "legend", "li", "map", "menu", "object",
                                     "ol", "p", "pre", "q", "s", "samp", "small", "span", "strike",
                                     "strong", "td", "th", "tt", "u", "ul", "var", NULL};

/* Which of the lists above an element is on, looked up once per element in a small hash table
 * of the lists' names, built once per process: the walks below ask it of every element (a
 * linear search with strcmp was a fifth of a CSV export's time in the text). */
enum { KEPT = 1, DROPPED = 2, BLOCK = 4, PCDATA = 8 };
#define KIND_SLOTS 256 /* a power of two, well above the lists' 120-odd distinct names */
static struct {
    const char *name;
    unsigned kind;
} kinds[KIND_SLOTS];
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static unsigned name_hash(const char *s)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void kinds_add(const char *const *list, unsigned kind)
{
    for (int i = 0; list[i]; i++) {
        unsigned h = name_hash(list[i]) & (KIND_SLOTS - 1);
        while (kinds[h].name && strcmp(kinds[h].name, list[i]) != 0)
            h = (h + 1) & (KIND_SLOTS - 1);
        kinds[h].name = list[i];
        kinds[h].kind |= kind;
    }
}

static void kinds_make(void)
{
    kinds_add(kept, KEPT);
    kinds_add(dropped, DROPPED);
    kinds_add(blocks, BLOCK);
    kinds_add(pcdata, PCDATA);
}

static unsigned kind(const char *name)
{
    pthread_once(&kinds_once, kinds_make);
    for (unsigned h = name_hash(name) & (KIND_SLOTS - 1); kinds[h].name;
         h = (h + 1) & (KIND_SLOTS - 1))
        if (strcmp(kinds[h].name, name) == 0)
            return kinds[h].kind;
    return 0;
}

static int heading(const char *name)
{
    return name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2] ? name[1] - '0' : 0;
}

/* Links the page may carry: the web, held to the exports' one URL policy (salle__export_url_ok:
 * http or https, a host, no white space or control character), and e-mail. Anything else
 * (javascript:, data:, vbscript:, relative paths that would point into the site) is dropped. */
static int safe_href(const char *u)
{
    return u && (salle__export_url_ok(u) || strncasecmp(u, "mailto:", 7) == 0);
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = salle__xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

/* ---------------------------------------------------------------- parsing */

/* Most abstracts (all but one of FOSDEM 2025's 943) are well-formed XML, and libxml2's XML parser
 * reads them about three times faster than its HTML parser, whose per-character loop is most of
 * an iCal or CSV export's time. So a fragment is read as XML first, and its tree kept only when
 * the HTML parser is known to build the same one: otherwise (an HTML entity such as &nbsp;, <br>
 * without a slash, a <p> inside a <p>, upper case, a namespace...) the HTML parser reads it. The
 * tests compare both readings (salle__text_html_parser_only). */
static int html_only;
static long parsed_xml, parsed_html, simple_markdown, words_markdown;

void salle__text_html_parser_only(int on)
{
    html_only = on;
}

void salle__text_parser_counts(long *xml, long *html)
{
    *xml = parsed_xml;
    *html = parsed_html;
}

long salle__text_simple_count(void)
{
    return simple_markdown;
}

long salle__text_words_count(void)
{
    return words_markdown;
}

static int blank_text(const xmlNode *n)
{
    for (const xmlChar *c = n->content; c && *c; c++)
        if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
            return 0;
    return 1;
}

static int lower_name(const xmlChar *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* 1 for the elements whose content libxml2's HTML parser reads as text (htmlParseScript). */
static int raw_text(const xmlChar *name)
{
    return strcmp((const char *)name, "script") == 0 || strcmp((const char *)name, "style") == 0;
}

/* 1 when the HTML parser builds the same tree from src as the XML parser built below parent. */
static int html_same(const char *src, const xmlNode *parent)
{
    const xmlNode *prev = NULL; /* the previous sibling that is not a comment */
    for (const xmlNode *n = parent->children; n; n = n->next) {
        if (n->type == XML_TEXT_NODE) {
            /* white space alone before a tag: kept only where the HTML parser keeps it */
            if (blank_text(n) &&
                !(prev ? prev->type == XML_TEXT_NODE || (kind((const char *)prev->name) & PCDATA)
                       : (kind((const char *)parent->name) & PCDATA)))
                return 0;
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            const htmlElemDesc *d = htmlTagLookup(n->name);
            /* known, lower case, no namespace; not a second html, head or body (merged or
             * dropped by the HTML parser); not an image (XML changes the line breaks in alt) */
            if (!d || !lower_name(n->name) || n->ns || n->nsDef || strcmp(name, "html") == 0 ||
                strcmp(name, "head") == 0 || strcmp(name, "body") == 0 ||
                strcmp(name, "img") == 0)
                return 0;
            /* an element in a script or style: the HTML parser reads their content as text,
             * up to the first end tag, whichever it is */
            if (raw_text(parent->name))
                return 0;
            /* an element the HTML parser would close on meeting this one (a <p> in a <p>) */
            if (strcmp((const char *)parent->name, "body") != 0 &&
                (strcmp(name, (const char *)parent->name) == 0 ||
                 htmlAutoCloseTag(NULL, parent->name, (htmlNodePtr)n)))
                return 0;
            /* an empty element (br, hr): no content, and no end tag, which HTML reads apart */
            if (d->empty) {
                char end[32];
                snprintf(end, sizeof end, "</%s", name);
                if (n->children || strcasestr(src, end))
                    return 0;
            }
            for (const xmlAttr *a = n->properties; a; a = a->next) {
                if (a->ns || !lower_name(a->name))
                    return 0;
                /* XML reads a line break in an attribute as a space; HTML keeps it */
                if (strcmp((const char *)a->name, "href") == 0 && a->children &&
                    a->children->content && strpbrk((const char *)a->children->content, " \t\n\r"))
                    return 0;
            }
            if (!html_same(src, n))
                return 0;
        } else if (n->type != XML_COMMENT_NODE) {
            return 0; /* CDATA, processing instructions, entity references */
        }
        if (n->type != XML_COMMENT_NODE)
            prev = n;
    }
    return 1;
}

/* Each thread keeps its two parser contexts from one fragment to the next (xmlCtxtReadMemory
 * resets them): making and freeing a context, its dictionary and its stacks for every abstract
 * cost more than reading a short one. The dictionary keeps the names (and short texts) it has
 * seen, so a context is made afresh after a few thousand fragments, which bounds it in a
 * long-running server. */
static void oom(const char *what)
{
    fprintf(stderr, "salle: out of memory (%s)\n", what); /* the policy of internal.h */
    abort();
}

/* 1 when HTML's parser, holding the open element open, would close it on meeting name (a <p>
 * open and a <ul> starting). htmlAutoCloseTag asks that of a node, and of its descendants. */
static int closes(const xmlChar *open, const xmlChar *name)
{
    xmlNode n = {0};
    n.type = XML_ELEMENT_NODE;
    n.name = name;
    return htmlAutoCloseTag(NULL, open, &n);
}

/* closes() remembered by the pair of names: the parser's dictionary gives each name one pointer
 * for the context's life, and the same few pairs come back in every abstract. */
#define CLOSES_SLOTS 256
typedef struct closes_memo {
    const xmlChar *open[CLOSES_SLOTS], *name[CLOSES_SLOTS];
    unsigned char yes[CLOSES_SLOTS];
} closes_memo;

static int closes_memoized(closes_memo *m, const xmlChar *open, const xmlChar *name)
{
    unsigned h = (unsigned)(((uintptr_t)open >> 3) * 31u + ((uintptr_t)name >> 3)) & (CLOSES_SLOTS - 1);
    if (m->open[h] != open || m->name[h] != name) {
        m->open[h] = open;
        m->name[h] = name;
        m->yes[h] = (unsigned char)closes(open, name);
    }
    return m->yes[h];
}

typedef struct parsers {
    xmlParserCtxtPtr xml;
    xmlParserCtxtPtr sax; /* the XML parser with the plain-text callbacks (plain_sax) */
    closes_memo memo;     /* for names of sax's dictionary */
    salle__buf run;       /* plain_sax's text run, kept from one fragment to the next */
    htmlParserCtxtPtr html;
    int uses;
} parsers;
#define PARSER_USES 4096

static pthread_key_t parsers_key;
static pthread_once_t parsers_once = PTHREAD_ONCE_INIT;

static void parsers_close(parsers *ps)
{
    if (ps->xml)
        xmlFreeParserCtxt(ps->xml);
    if (ps->sax)
        xmlFreeParserCtxt(ps->sax);
    free(ps->run.s);
    ps->run = (salle__buf){0};
    memset(&ps->memo, 0, sizeof ps->memo); /* its names went with sax's dictionary */
    if (ps->html)
        htmlFreeParserCtxt(ps->html);
    ps->xml = NULL;
    ps->sax = NULL;
    ps->html = NULL;
    ps->uses = 0;
}

static void parsers_free(void *p) /* at the thread's end */
{
    parsers_close(p);
    free(p);
}

static void parsers_key_make(void)
{
    if (pthread_key_create(&parsers_key, parsers_free) != 0)
        oom("a parser context");
}

static parsers *thread_parsers(void)
{
    pthread_once(&parsers_once, parsers_key_make);
    parsers *ps = pthread_getspecific(parsers_key);
    if (!ps) {
        ps = salle__xcalloc(1, sizeof *ps);
        if (pthread_setspecific(parsers_key, ps) != 0)
            oom("a parser context");
    }
    if (++ps->uses > PARSER_USES)
        parsers_close(ps), ps->uses = 1;
    return ps;
}

/* What xmlCtxtReadMemory(ctxt, s, n, NULL, NULL, options) does, as one push of the whole input:
 * xmlCtxtReadMemory's buffer has a "read more" callback that libxml2 2.9 calls at every token of
 * an input's last 250 bytes, which a push parser never asks; and naming the encoding ("UTF-8",
 * XML's default anyway) made it copy the input again through a converter in chunks. Together
 * they were a sixth of a CSV export's text. The document, or NULL when it is not well-formed;
 * the caller frees it. */
static xmlDocPtr xml_read(xmlParserCtxtPtr ctxt, const char *s, size_t n)
{
    if (xmlCtxtResetPush(ctxt, NULL, 0, NULL, NULL) != 0)
        oom("an XML input");
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlParseChunk(ctxt, s, (int)n, 1);
    xmlDocPtr doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    if (!ctxt->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

/* "<html><body>" s "</body></html>" into b, the document libxml2 reads around a fragment. */
static void wrap(salle__buf *b, const char *s)
{
    puts_(b, "<html><body>");
    puts_(b, s);
    puts_(b, "</body></html>");
}

/* 1 when s may be read as XML at all: XML reads \r\n as \n, and &apos; or <![CDATA[ as HTML
 * does not; and with no "<!" there is no DTD, so no entity to expand or fetch. */
static int xml_may(const char *s)
{
    if (html_only)
        return 0;
    for (const char *c = s; (c = strpbrk(c, "\r&<")); c++) /* one pass, not four */
        if (*c == '\r' || (*c == '&' && strncmp(c, "&apos;", 6) == 0) ||
            (*c == '<' && (c[1] == '!' || c[1] == '?')))
            return 0;
    return 1;
}

/* The HTML parser's document of the wrapped fragment b, and its nodes (the children of <body>)
 * in *first. */
static htmlDocPtr parse_html(const salle__buf *b, xmlNode **first)
{
    parsers *ps = thread_parsers();
    parsed_html++;
    *first = NULL;
    if (!ps->html && !(ps->html = htmlNewParserCtxt()))
        oom("a parser context");
    htmlDocPtr doc = htmlCtxtReadMemory(ps->html, b->s, (int)b->n, NULL, "UTF-8",
                                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                            HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
    if (!doc)
        return NULL;
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "body") == 0)
            *first = c->children;
    return doc;
}

/* The fragment's nodes: the children of <body> of the document libxml2 builds around it. */
static htmlDocPtr parse(const char *s, xmlNode **first)
{
    parsers *ps = thread_parsers();
    salle__buf b = {0};
    wrap(&b, s);
    *first = NULL;
    if (xml_may(s)) {
        if (!ps->xml && !(ps->xml = xmlNewParserCtxt()))
            oom("a parser context");
        xmlDocPtr x = xml_read(ps->xml, b.s, b.n);
        xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
        xmlNode *body = root && strcmp((const char *)root->name, "html") == 0 ? root->children : NULL;
        if (body && !body->next && body->type == XML_ELEMENT_NODE &&
            strcmp((const char *)body->name, "body") == 0 && html_same(s, body)) {
            free(b.s);
            parsed_xml++;
            *first = body->children;
            return x;
        }
        xmlFreeDoc(x);
    }
    htmlDocPtr doc = parse_html(&b, first);
    free(b.s);
    return doc;
}

/* ---------------------------------------------------------------- to safe HTML */

/* The highest heading level (smallest number) among n and its descendants; 7 when none. */
static int top_heading(const xmlNode *n)
{
    int best = 7;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || (kind((const char *)n->name) & DROPPED))
            continue;
        int h = heading((const char *)n->name), c = top_heading(n->children);
        if (h && h < best)
            best = h;
        if (c < best)
            best = c;
    }
    return best;
}

/* shift: levels to add to every heading, so that the abstract's first level is h3 */
static void html_nodes(salle__buf *b, const xmlNode *n, int shift)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            put_esc(b, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue; /* comments, processing instructions */
        const char *name = (const char *)n->name;
        unsigned k = kind(name);
        if (k & DROPPED)
            continue;
        int h = heading(name);
        if (h) {
            int lv = h + shift > 6 ? 6 : h + shift;
            salle__buf_printf(b, "<h%d>", lv);
            html_nodes(b, n->children, shift);
            salle__buf_printf(b, "</h%d>", lv);
        } else if (strcmp(name, "img") == 0) {
            char *alt = attr(n, "alt"); /* an image from elsewhere is not loaded; its words stay */
            if (alt)
                put_esc(b, alt);
            free(alt);
        } else if (strcmp(name, "a") == 0) {
            char *href = attr(n, "href");
            if (safe_href(href)) {
                puts_(b, "<a href=\"");
                put_esc(b, href);
                puts_(b, "\" rel=\"nofollow\">");
                html_nodes(b, n->children, shift);
                puts_(b, "</a>");
            } else {
                html_nodes(b, n->children, shift);
            }
            free(href);
        } else if (k & KEPT) {
            salle__buf_printf(b, "<%s>", name);
            if (strcmp(name, "br") != 0 && strcmp(name, "hr") != 0) {
                html_nodes(b, n->children, shift);
                salle__buf_printf(b, "</%s>", name);
            }
        } else {
            html_nodes(b, n->children, shift); /* div, span, table, font...: their content only */
        }
    }
}

static char *sanitize(const char *s)
{
    xmlNode *first;
    htmlDocPtr doc = parse(s, &first);
    salle__buf b = {0};
    int top = top_heading(first);
    html_nodes(&b, first, top < 7 ? 3 - top : 0);
    xmlFreeDoc(doc);
    return done(&b);
}

/* Safe mode is cmark's default since 0.29 (raw HTML and javascript: links are left out);
 * CMARK_OPT_SAFE says so for older versions. */
#define MARKDOWN_OPTIONS (CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8)

/* What cmark_markdown_to_html writes, from a tree already parsed with MARKDOWN_OPTIONS. */
static char *markdown_html(cmark_node *doc)
{
    char *h = doc ? cmark_render_html(doc, MARKDOWN_OPTIONS) : NULL;
    return h ? h : salle__xstrdup("");
}

/* Plain text as HTML: paragraphs at blank lines, a line break at every other newline. */
static char *plain_html(const char *s)
{
    salle__buf b = {0};
    const char *p = s;
    while (*p) {
        while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        const char *e = strstr(p, "\n\n");
        const char *er = strstr(p, "\r\n\r\n");
        if (er && (!e || er < e))
            e = er;
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\r' || p[len - 1] == '\t' ||
                       p[len - 1] == '\n'))
            len--;
        puts_(&b, "<p>");
        for (size_t i = 0; i < len; i++) {
            char c[2] = {p[i], 0};
            if (p[i] == '\r')
                continue;
            if (p[i] == '\n')
                puts_(&b, "<br>\n");
            else
                put_esc(&b, c);
        }
        puts_(&b, "</p>\n");
        p += len;
    }
    return done(&b);
}

/* ---------------------------------------------------------------- to plain text */

typedef struct plain {
    salle__buf b;
    int pending; /* line breaks owed before the next text: 0, 1 or 2 */
    int pre;     /* inside <pre>: white space as written */
    int space;   /* a space owed before the next word */
} plain;

static void plain_break(plain *t, int n)
{
    if (n > t->pending)
        t->pending = n;
    t->space = 0;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* Text as HTML shows it: runs of white space are one space (except in <pre>), and the breaks
 * owed by block elements come before the next word. Words and the single spaces between them
 * are copied as one run. */
/* The end of the run of words and single spaces that starts at s (a word byte), as the table
 * walk in text_out finds it, eight bytes at a time while eight remain before end: a word of
 * FOSDEM's is about seven bytes, and this loop sees every byte of every abstract. */
static const char *run_end(const char *s, const char *end)
{
    static const unsigned char stop[256] = {[0] = 1,    [' '] = 1,  ['\n'] = 1,
                                            ['\t'] = 1, ['\r'] = 1, ['\f'] = 1};
    const char *e = s;
    for (;;) {
        while (end - e >= 8) {
            uint64_t v;
            memcpy(&v, e, 8);
            /* a byte below 0x21 (space, a control character): the first one flagged is exact */
            uint64_t low = (v - 0x2121212121212121ULL) & ~v & 0x8080808080808080ULL;
            if (!low) {
                e += 8;
                continue;
            }
            e += __builtin_ctzll(low) / 8;
            break;
        }
        while (!stop[(unsigned char)*e])
            e++;
        if (*e != ' ' || stop[(unsigned char)e[1]])
            return e;
        e++;
    }
}

/* The text of s[0..end), where *end is NUL or white space that ends a line. */
static void text_out_n(plain *t, const char *s, const char *end)
{
    while (s < end) {
        if (!t->pre && is_ws(*s)) {
            t->space = 1;
            while (s < end && is_ws(*s))
                s++;
            continue;
        }
        /* a word ends at white space or the end; a single space before another word is
         * copied with it */
        const char *e = t->pre ? end : run_end(s, end);
        if (t->b.n && t->pending)
            put(&t->b, "\n\n", (size_t)t->pending);
        else if (t->space && t->b.n && t->b.s[t->b.n - 1] != '\n')
            put(&t->b, " ", 1);
        t->pending = t->space = 0;
        put(&t->b, s, (size_t)(e - s));
        s = e;
    }
}

static void text_out(plain *t, const char *s)
{
    text_out_n(t, s, s + strlen(s));
}

static void plain_nodes(plain *t, const xmlNode *n, int ordered)
{
    int item = 0;
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            text_out(t, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        unsigned k = kind(name);
        if (k & DROPPED)
            continue;
        if (strcmp(name, "br") == 0) {
            if (t->b.n)
                put(&t->b, "\n", 1);
            t->space = 0;
        } else if (strcmp(name, "li") == 0) {
            plain_break(t, 1);
            char mark[16];
            snprintf(mark, sizeof mark, ordered ? "%d." : "-", ++item);
            text_out(t, mark);
            t->space = 1;
            plain_nodes(t, n->children, 0);
            plain_break(t, 1);
        } else if (strcmp(name, "img") == 0) {
            char *alt = attr(n, "alt");
            if (alt)
                text_out(t, alt);
            free(alt);
        } else if (strcmp(name, "a") == 0) {
            size_t before = t->b.n;
            plain_nodes(t, n->children, 0);
            char *href = attr(n, "href");
            if (safe_href(href)) {
                /* the address too, unless the link's text is the address */
                while (before < t->b.n && (t->b.s[before] == ' ' || t->b.s[before] == '\n'))
                    before++; /* the space or break owed before the link's text */
                size_t len = t->b.n - before;
                if (len != strlen(href) || memcmp(t->b.s + before, href, len) != 0) {
                    text_out(t, " (");
                    text_out(t, href);
                    text_out(t, ")");
                }
            }
            free(href);
        } else if ((k & BLOCK) || strcmp(name, "tr") == 0 || strcmp(name, "dt") == 0 ||
                   strcmp(name, "dd") == 0) {
            int para = (k & BLOCK) != 0;
            plain_break(t, para ? 2 : 1);
            int was_pre = t->pre;
            t->pre |= strcmp(name, "pre") == 0;
            plain_nodes(t, n->children, strcmp(name, "ol") == 0);
            t->pre = was_pre;
            plain_break(t, para ? 2 : 1);
        } else {
            plain_nodes(t, n->children, 0);
        }
    }
}

/* ---------------------------------------------------------------- plain text without a tree */

/* For plain text, a fragment that XML reads is not built into a tree at all: libxml2's XML parser
 * calls back at each start tag, end tag and run of text, and these callbacks write what
 * plain_nodes would write from the tree, and check, as they go, what html_same checks on the
 * tree. The first thing html_same would refuse stops the parser, and the fragment goes the long
 * way (the HTML parser's tree), as does one that is not well-formed. Building and freeing the
 * tree and walking it twice were two fifths of a CSV export's text. */
typedef struct sax_frame {
    const xmlChar *name; /* from the parser's dictionary: one pointer per name */
    unsigned kind;
    int empty;     /* an element HTML knows as empty (br, hr) */
    int item;      /* list items among its children so far */
    int last;      /* its last child so far: 0 none, 1 text, 2 an element after which HTML
                    * keeps white space (PCDATA), 3 another element */
    int was_pre;   /* t.pre before it */
    int closed_by_text; /* closes(name, text): HTML would close it at text */
    size_t before; /* a: the text's length at its start */
    char *href;    /* a: its href */
} sax_frame;

typedef struct sax_plain {
    plain t;
    const char *src;   /* the fragment, to look for end tags of empty elements */
    sax_frame *st;     /* the open elements: st[0] html, st[1] body, then the fragment's */
    int depth, cap;
    int dropped;       /* depth of the outermost open dropped element (script...), 0 none */
    int bad;           /* the HTML parser would build another tree: take the long way */
    salle__buf run;    /* the text since the last tag: libxml2 hands it over in pieces */
    int run_blank;
    int run_literal;   /* every piece of the run came from the input as written */
    int doubt;         /* white space the HTML parser may have dropped owes a space (sax_flush) */
    closes_memo *memo;
    const xmlChar *end_name[4]; /* empty elements' names whose "</name" was looked for... */
    int end_found[4];           /* ...and whether src has it */
    int nend;
} sax_plain;

static void sax_bad(xmlParserCtxtPtr ctxt, sax_plain *p)
{
    p->bad = 1;
    xmlStopParser(ctxt);
}

/* html_same's htmlAutoCloseTag(parent, child) for every element of the fragment, one node at a
 * time: a node named name at depth d would close the open element at depth k < d (not body)
 * unless a node between them has that element's name (htmlAutoCloseTag stops there). */
static int closes_open(const sax_plain *p, const xmlChar *name)
{
    for (int k = p->depth - 1; k >= 2; k--) {
        const xmlChar *open = p->st[k].name;
        if (name == open || !(name == xmlStringText ? p->st[k].closed_by_text
                                                    : closes_memoized(p->memo, open, name)))
            continue;
        int between = 0;
        for (int j = k + 1; j < p->depth && !between; j++)
            between = p->st[j].name == open;
        if (!between)
            return 1;
    }
    return 0;
}

/* Before s is written: whether the space that doubtful white space owes would show (a word
 * written right after it, on a line already begun), in which case only the HTML parser's tree
 * can say. */
static void sax_doubt(xmlParserCtxtPtr ctxt, sax_plain *p, const char *s)
{
    if (!p->doubt)
        return;
    p->doubt = 0;
    const plain *t = &p->t;
    if (!is_ws(*s) && !t->pending && t->b.n && t->b.s[t->b.n - 1] != '\n')
        sax_bad(ctxt, p);
}

/* The text since the last tag, now that it is whole: html_same's checks on a text node, then
 * what plain_nodes writes of it. */
static void sax_flush(xmlParserCtxtPtr ctxt, sax_plain *p)
{
    if (!p->run.n || p->bad)
        return;
    sax_frame *parent = &p->st[p->depth - 1];
    if (p->depth < 2 || parent->empty || closes_open(p, xmlStringText)) {
        sax_bad(ctxt, p); /* text beside <body>, or inside a <br> */
        return;
    }
    /* White space alone where the HTML parser may drop it (after an <hr/>, between a table's
     * rows: html_same refuses the tree there). Outside <pre> such text only owes a space before
     * the next word, so it matters only if a word follows with no break between: the doubt is
     * settled then (sax_doubt), and the first break ends it. Only white space written as such,
     * as the HTML parser sees it; a character reference (&#32;) means the long way. */
    if (p->run_blank && !(parent->last ? parent->last == 1 || parent->last == 2
                                       : (parent->kind & PCDATA) != 0)) {
        if (!p->run_literal || (p->t.pre && !p->dropped)) {
            sax_bad(ctxt, p);
            return;
        }
        if (!p->dropped && !p->t.space)
            p->doubt = 1;
        /* its parent's last child does not matter: a tag follows, and the next text only
         * after another element */
        p->run.n = 0;
        p->run.s[0] = 0;
        return; /* run_blank and run_literal stay 1 */
    }
    parent->last = 1;
    if (!p->dropped) {
        sax_doubt(ctxt, p, p->run.s);
        text_out(&p->t, p->run.s);
    }
    p->run.n = 0;
    p->run.s[0] = 0;
    p->run_blank = p->run_literal = 1;
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    sax_plain *p = ctxt->_private;
    if (p->bad)
        return;
    put(&p->run, (const char *)ch, (size_t)len);
    /* text as written is handed over in place; a character reference from a buffer of its own */
    uintptr_t at = (uintptr_t)ch;
    if (at < (uintptr_t)ctxt->input->base || at >= (uintptr_t)ctxt->input->end)
        p->run_literal = 0;
    for (int i = 0; i < len && p->run_blank; i++)
        p->run_blank = ch[i] == ' ' || ch[i] == '\t' || ch[i] == '\n' || ch[i] == '\r';
}

/* 1 when src has "</name" in any case: HTML reads such an end tag of an empty element apart. */
static int end_tag_in_src(sax_plain *p, const xmlChar *name)
{
    for (int i = 0; i < p->nend; i++)
        if (p->end_name[i] == name)
            return p->end_found[i];
    char end[32];
    snprintf(end, sizeof end, "</%s", (const char *)name);
    int found = strcasestr(p->src, end) != NULL;
    if (p->nend < 4) {
        p->end_name[p->nend] = name;
        p->end_found[p->nend++] = found;
    }
    return found;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    (void)namespaces;
    (void)nb_defaulted;
    xmlParserCtxtPtr ctxt = ctx;
    sax_plain *p = ctxt->_private;
    sax_flush(ctxt, p);
    if (p->bad)
        return;
    const char *name = (const char *)localname;
    if (p->depth < 2) {
        /* the wrapper: <html>, then <body> as its only child */
        if (strcmp(name, p->depth ? "body" : "html") != 0 || prefix || uri ||
            (p->depth && p->st[0].last)) {
            sax_bad(ctxt, p);
            return;
        }
    } else {
        /* html_same's checks on an element */
        const sax_frame *parent = &p->st[p->depth - 1];
        const htmlElemDesc *d = htmlTagLookup(localname);
        if (!d || !lower_name(localname) || prefix || uri || nb_namespaces ||
            strcmp(name, "html") == 0 || strcmp(name, "head") == 0 ||
            strcmp(name, "body") == 0 || strcmp(name, "img") == 0 || parent->empty ||
            (p->depth > 2 && raw_text(parent->name)) ||
            (p->depth > 2 && parent->name == localname) || closes_open(p, localname) ||
            (d->empty && end_tag_in_src(p, localname))) {
            sax_bad(ctxt, p);
            return;
        }
        for (int a = 0; a < nb_attributes; a++) {
            const xmlChar *an = attributes[5 * a], *v = attributes[5 * a + 3],
                          *ve = attributes[5 * a + 4];
            if (attributes[5 * a + 1] || !lower_name(an)) {
                sax_bad(ctxt, p);
                return;
            }
            if (strcmp((const char *)an, "href") == 0)
                for (const xmlChar *c = v; c < ve; c++)
                    if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r') {
                        sax_bad(ctxt, p);
                        return;
                    }
        }
    }
    if (p->depth == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 16;
        p->st = salle__xrealloc(p->st, (size_t)p->cap * sizeof *p->st);
    }
    sax_frame *f = &p->st[p->depth];
    sax_frame *parent = p->depth ? &p->st[p->depth - 1] : NULL;
    *f = (sax_frame){.name = localname, .kind = p->depth >= 2 ? kind(name) : 0};
    if (p->depth >= 2) {
        f->empty = htmlTagLookup(localname)->empty;
        f->closed_by_text = closes_memoized(p->memo, localname, xmlStringText);
    }
    p->depth++;
    if (p->depth <= 2 || p->dropped)
        return;
    /* what plain_nodes writes at the start of the element */
    plain *t = &p->t;
    if (f->kind & DROPPED) {
        p->dropped = p->depth;
    } else if (strcmp(name, "br") == 0) {
        if (t->b.n)
            put(&t->b, "\n", 1);
        t->space = 0;
        p->doubt = 0;
    } else if (strcmp(name, "li") == 0) {
        plain_break(t, 1);
        p->doubt = 0;
        char mark[16];
        snprintf(mark, sizeof mark, strcmp((const char *)parent->name, "ol") == 0 ? "%d." : "-",
                 ++parent->item);
        text_out(t, mark);
        t->space = 1;
    } else if (strcmp(name, "a") == 0) {
        f->before = t->b.n;
        for (int a = 0; a < nb_attributes; a++)
            if (strcmp((const char *)attributes[5 * a], "href") == 0) {
                size_t n = (size_t)(attributes[5 * a + 4] - attributes[5 * a + 3]);
                f->href = salle__xmalloc(n + 1);
                memcpy(f->href, attributes[5 * a + 3], n);
                f->href[n] = 0;
                break;
            }
    } else if ((f->kind & BLOCK) || strcmp(name, "tr") == 0 || strcmp(name, "dt") == 0 ||
               strcmp(name, "dd") == 0) {
        plain_break(t, (f->kind & BLOCK) ? 2 : 1);
        p->doubt = 0;
        f->was_pre = t->pre;
        t->pre |= strcmp(name, "pre") == 0;
    }
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    (void)localname;
    (void)prefix;
    (void)uri;
    xmlParserCtxtPtr ctxt = ctx;
    sax_plain *p = ctxt->_private;
    sax_flush(ctxt, p);
    if (p->bad)
        return;
    sax_frame *f = &p->st[--p->depth];
    if (p->depth)
        p->st[p->depth - 1].last = (f->kind & PCDATA) ? 2 : 3;
    if (p->depth < 2)
        return;
    if (p->dropped) {
        if (p->dropped == p->depth + 1)
            p->dropped = 0;
        return;
    }
    /* what plain_nodes writes at the end of the element */
    plain *t = &p->t;
    const char *name = (const char *)f->name;
    if (strcmp(name, "li") == 0) {
        plain_break(t, 1);
        p->doubt = 0;
    } else if (strcmp(name, "a") == 0) {
        if (safe_href(f->href)) {
            size_t before = f->before;
            while (before < t->b.n && (t->b.s[before] == ' ' || t->b.s[before] == '\n'))
                before++;
            size_t len = t->b.n - before;
            if (len != strlen(f->href) || memcmp(t->b.s + before, f->href, len) != 0) {
                sax_doubt(ctxt, p, " (");
                text_out(t, " (");
                text_out(t, f->href);
                text_out(t, ")");
            }
        }
        free(f->href);
        f->href = NULL;
    } else if ((f->kind & BLOCK) || strcmp(name, "tr") == 0 || strcmp(name, "dt") == 0 ||
               strcmp(name, "dd") == 0) {
        t->pre = f->was_pre;
        plain_break(t, (f->kind & BLOCK) ? 2 : 1);
        p->doubt = 0;
    }
}

/* The plain text of s read as XML through the callbacks above, or NULL when the HTML parser
 * must read it. */
static char *plain_sax(const char *s)
{
    parsers *ps = thread_parsers();
    if (!ps->sax) {
        if (!(ps->sax = xmlNewParserCtxt()))
            oom("a parser context");
        xmlSAXHandler *h = ps->sax->sax; /* libxml2's, freed with the context */
        memset(h, 0, sizeof *h);
        h->initialized = XML_SAX2_MAGIC;
        h->startElementNs = sax_start;
        h->endElementNs = sax_end;
        h->characters = sax_text;
        h->ignorableWhitespace = sax_text;
    }
    size_t len = strlen(s);
    /* the wrapped fragment, and the text: about as long as the fragment, less its tags */
    salle__buf b = {salle__xmalloc(len + 32), 0, len + 32};
    wrap(&b, s);
    sax_plain p = {.src = s, .run_blank = 1, .run_literal = 1, .memo = &ps->memo, .run = ps->run};
    p.t.b = (salle__buf){salle__xmalloc(len + 64), 0, len + 64};
    p.t.b.s[0] = 0; /* an abstract of tags alone has no text */
    put(&p.run, "", 0);
    ps->sax->_private = &p;
    if (xmlCtxtResetPush(ps->sax, NULL, 0, NULL, NULL) != 0)
        oom("an XML input");
    /* NOENT: an attribute's &amp; handed over as "&", as the tree has it */
    xmlCtxtUseOptions(ps->sax, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                   XML_PARSE_NOENT);
    xmlParseChunk(ps->sax, b.s, (int)b.n, 1);
    ps->sax->_private = NULL;
    int ok = !p.bad && ps->sax->wellFormed && p.depth == 0 && p.st && p.st[0].last;
    for (int k = 0; k < p.depth; k++)
        free(p.st[k].href);
    free(p.st);
    p.run.n = 0;
    ps->run = p.run; /* kept for the next fragment */
    free(b.s);
    if (!ok) {
        free(p.t.b.s);
        return NULL;
    }
    parsed_xml++;
    return done(&p.t.b);
}

static char *html_plain(const char *s)
{
    if (xml_may(s)) {
        char *out = plain_sax(s);
        if (out)
            return out;
    }
    salle__buf b = {0};
    wrap(&b, s);
    xmlNode *first;
    htmlDocPtr doc = parse_html(&b, &first);
    free(b.s);
    plain t = {{0}};
    plain_nodes(&t, first, 0);
    xmlFreeDoc(doc);
    return done(&t.b);
}

static char *copy(const char *s)
{
    return salle__xstrdup(s);
}

/* ---------------------------------------------------------------- simple Markdown */

/* Most Markdown abstracts (140 of 33c3's 148) are paragraphs of words, perhaps with emphasis or
 * inline code. For those, cmark's tree says everything that rendering it to HTML and reading that
 * back with libxml2 would: so the text or the safe HTML is written from cmark's tree directly,
 * byte for byte what the long way writes (the tests compare both on every real abstract). Any
 * other node (a heading, a list, a link, raw HTML...), a nesting that libxml2 reads apart, or a
 * byte that its parsers would drop or refuse means the long way. */
static int simple_literal(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; c && *c; c++) {
        if (*c < 0x20 && *c != '\t')
            return 0; /* control characters: XML refuses them, HTML drops them */
        if (c[0] == 0xEF && c[1] == 0xBF && (c[2] == 0xBE || c[2] == 0xBF))
            return 0; /* U+FFFE, U+FFFF */
        if (c[0] == 0xED && c[1] >= 0xA0)
            return 0; /* a surrogate */
    }
    return 1;
}

static int blank_literal(const char *s)
{
    for (; s && *s; s++)
        if (!is_ws(*s))
            return 0;
    return 1;
}

/* Markdown that holds no Markdown (135 of 33c3's 148 abstracts): lines of words in paragraphs,
 * with no character that could begin any other block or inline. cmark's tree of such a text is
 * paragraphs of text and soft breaks only, whose plain text markdown_simple writes as the words
 * of each paragraph with runs of white space as one space, and a blank line between paragraphs:
 * so for plain text it is written without parsing (cmark's parse was three fifths of such an
 * abstract's cost). Not for: a line whose first character could open a block (a list item,
 * heading, quote, fence, rule, setext underline or HTML: - + * # = ~ > ` _ <, or digits then . or
 * ")"), a line indented by a tab or four spaces (code), a line after one that ends in two
 * blanks (a hard break), any character that may open an inline (\ ` * _ [ ] <, and & before a
 * letter, a digit or #: "R & D" is text, "&amp;" an entity), a byte markdown_simple refuses,
 * invalid UTF-8 and a byte-order mark (cmark drops it). NULL then: cmark's way. */
static int name_byte(unsigned char c) /* what may follow & in an entity */
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#';
}

static void words_para(plain *t, const char *s, const char *end)
{
    plain_break(t, 2);
    text_out_n(t, s, end);
    plain_break(t, 2);
    text_out(t, "\n");
}

/* What markdown_words makes of each byte of a line: 0 a word's, END a line's end (NUL, \n, \r),
 * AMP an & (text unless an entity may follow), EF the lead byte of U+FFFE and U+FFFF among
 * others, NO anything else that sends the text to cmark (a character that may open an inline,
 * a control character). */
enum { WORD, END, AMP, EF, NO };
#define NO_ROW(a) [a] = NO, [a + 1] = NO, [a + 2] = NO, [a + 3] = NO
static const unsigned char words_class[256] = {
    [0] = END,       ['\n'] = END,     ['\r'] = END,    [1] = NO,       [2] = NO,        [3] = NO,
    [4] = NO,        [5] = NO,         [6] = NO,        [7] = NO,       [8] = NO,        [11] = NO,
    [12] = NO,       NO_ROW(14),       NO_ROW(18),      NO_ROW(22),     NO_ROW(26),      [30] = NO,
    [31] = NO,       ['\\'] = NO,      ['`'] = NO,      ['*'] = NO,     ['_'] = NO,      ['['] = NO,
    [']'] = NO,      ['<'] = NO,       ['&'] = AMP,     [0xEF] = EF,
};
#undef NO_ROW

static char *markdown_words(const char *s)
{
    size_t n = strlen(s);
    if ((n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) || !salle__utf8_valid(s, n, NULL))
        return NULL;
    plain t = {{0}};
    const char *para = NULL, *para_end = NULL; /* the paragraph being read: its first word and
                                                * the end of its last line */
    int hard = 0; /* the paragraph's last line ends in two blanks */
    for (const char *p = s;;) {
        const char *w = p; /* the line's first word */
        while (*w == ' ' || *w == '\t')
            w++;
        const unsigned char *c = (const unsigned char *)w;
        for (;; c++) { /* to the line's end, refusing what must go to cmark */
            while (!words_class[*c])
                c++;
            unsigned k = words_class[*c];
            if (k == END)
                break;
            /* an & no entity follows, and EF that starts neither U+FFFE nor U+FFFF (which
             * simple_literal refuses) are a word's */
            if ((k == AMP && !name_byte(c[1])) ||
                (k == EF && !(c[1] == 0xBF && (c[2] == 0xBE || c[2] == 0xBF))))
                continue;
            goto longway;
        }
        const char *le = (const char *)c; /* the line's end: a line ending or NUL */
        if (w < le) {
            if (w - p >= 4 || memchr(p, '\t', (size_t)(w - p)) || strchr("-+*#=~>`_<", *w))
                goto longway;
            const char *q = w;
            while (*q >= '0' && *q <= '9')
                q++;
            if (q > w && (*q == '.' || *q == ')'))
                goto longway;
            if (hard)
                goto longway; /* a line after two blanks: a hard break */
            hard = le - w >= 2 && (le[-1] == ' ' || le[-1] == '\t') &&
                   (le[-2] == ' ' || le[-2] == '\t');
            if (!para)
                para = w;
            para_end = le;
        } else if (para) {
            words_para(&t, para, para_end);
            para = NULL;
            hard = 0; /* blanks at a paragraph's end are no break */
        }
        if (!*le)
            break;
        p = le + (le[0] == '\r' && le[1] == '\n' ? 2 : 1);
    }
    if (para)
        words_para(&t, para, para_end);
    return done(&t.b);
longway:
    free(t.b.s);
    return NULL;
}

/* The text (html 0) or safe HTML (html 1) of cmark's tree doc; NULL when it is not that
 * simple. */
static char *markdown_simple(cmark_node *doc, int html)
{
    cmark_iter *it = cmark_iter_new(doc);
    plain t = {{0}};
    salle__buf *b = &t.b;
    int ok = 1;
    cmark_event_type ev;
    while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        int enter = ev == CMARK_EVENT_ENTER;
        cmark_node_type type = cmark_node_get_type(n);
        const char *lit = cmark_node_get_literal(n);
        switch (type) {
        case CMARK_NODE_DOCUMENT:
            break;
        case CMARK_NODE_PARAGRAPH:
            if (cmark_node_get_type(cmark_node_parent(n)) != CMARK_NODE_DOCUMENT)
                ok = 0;
            else if (html)
                puts_(b, enter ? "<p>" : "</p>\n");
            else if (enter)
                plain_break(&t, 2);
            else
                plain_break(&t, 2), text_out(&t, "\n");
            break;
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            if (!simple_literal(lit)) {
                ok = 0;
            } else if (html) {
                if (type == CMARK_NODE_CODE)
                    puts_(b, "<code>");
                put_esc(b, lit);
                if (type == CMARK_NODE_CODE)
                    puts_(b, "</code>");
            } else {
                text_out(&t, lit);
            }
            break;
        case CMARK_NODE_SOFTBREAK:
            if (html)
                puts_(b, "\n");
            else
                text_out(&t, "\n");
            break;
        case CMARK_NODE_LINEBREAK: {
            /* "<br />\n": the HTML parser drops the line break after a <br> when an element
             * follows, so only words may */
            cmark_node *next = cmark_node_next(n);
            if (!next || cmark_node_get_type(next) != CMARK_NODE_TEXT ||
                blank_literal(cmark_node_get_literal(next))) {
                ok = 0;
            } else if (html) {
                puts_(b, "<br>\n");
            } else {
                if (t.b.n)
                    put(&t.b, "\n", 1);
                t.space = 0;
                text_out(&t, "\n");
            }
            break;
        }
        case CMARK_NODE_EMPH:
        case CMARK_NODE_STRONG:
            /* an element in one of its own kind: HTML closes the outer one */
            if (enter && cmark_node_get_type(cmark_node_parent(n)) == type)
                ok = 0;
            else if (html)
                puts_(b, type == CMARK_NODE_EMPH ? (enter ? "<em>" : "</em>")
                                                 : (enter ? "<strong>" : "</strong>"));
            break;
        default:
            ok = 0;
        }
    }
    cmark_iter_free(it);
    if (!ok) {
        free(t.b.s);
        return NULL;
    }
    return done(&t.b);
}

/* s in format, through html for HTML (Markdown becomes HTML first, by cmark in safe mode, and
 * then goes the same way) or text for plain text. */
static char *render(const char *s, int format, char *(*html)(const char *),
                    char *(*text)(const char *))
{
    if (!s)
        return salle__xstrdup("");
    if (format == SALLE_TEXT_HTML)
        return html(s);
    if (format == SALLE_TEXT_MARKDOWN) {
        char *words = html != sanitize && !html_only ? markdown_words(s) : NULL;
        if (words) {
            simple_markdown++;
            words_markdown++;
            return words;
        }
        cmark_node *doc = cmark_parse_document(s, strlen(s), MARKDOWN_OPTIONS);
        char *out = doc && !html_only ? markdown_simple(doc, html == sanitize) : NULL;
        if (out) {
            simple_markdown++;
        } else {
            char *h = markdown_html(doc);
            out = html(h);
            free(h);
        }
        if (doc)
            cmark_node_free(doc);
        return out;
    }
    return text(s);
}

char *salle__text_html(const char *s, int format)
{
    return render(s, format, sanitize, plain_html);
}

char *salle__text_plain(const char *s, int format)
{
    return render(s, format, html_plain, copy);
}

int salle__text_is_html(const char *s)
{
    /* A tag of an element HTML knows: "<p>", "</b>", "<br/>", "<a href=...>". Deciding the
     * format needs no parse (rendering always parses): a tag name checked against libxml2's
     * table of HTML elements is enough, and FOSDEM's 943 abstracts are read in no time. "a < b"
     * or "<ana@example.org>" are not tags. */
    for (const char *p = s ? strchr(s, '<') : NULL; p; p = strchr(p + 1, '<')) {
        const char *q = p + 1 + (p[1] == '/');
        char name[16];
        size_t n = 0;
        while (n + 1 < sizeof name && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                                       (n && *q >= '1' && *q <= '6'))) {
            name[n++] = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q);
            q++;
        }
        name[n] = 0;
        if (n && (*q == '>' || *q == '/' || *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') &&
            htmlTagLookup((const xmlChar *)name))
            return 1;
    }
    return 0;
}
