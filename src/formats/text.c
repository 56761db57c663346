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

#include <cmark.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
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

static int in(const char *const *list, const char *name)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

static int heading(const char *name)
{
    return name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2] ? name[1] - '0' : 0;
}

/* Links the page may carry: the web and e-mail. Anything else (javascript:, data:, vbscript:,
 * relative paths that would point into the site) is dropped. */
static int safe_href(const char *u)
{
    return u && (strncasecmp(u, "https://", 8) == 0 || strncasecmp(u, "http://", 7) == 0 ||
                 strncasecmp(u, "mailto:", 7) == 0);
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

/* The fragment's nodes: the children of <body> of the document libxml2 builds around it. */
static htmlDocPtr parse(const char *s, xmlNode **first)
{
    salle__buf b = {0};
    puts_(&b, "<html><body>");
    puts_(&b, s);
    puts_(&b, "</body></html>");
    htmlDocPtr doc = htmlReadMemory(b.s, (int)b.n, NULL, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_NODEFDTD);
    free(b.s);
    *first = NULL;
    if (!doc)
        return NULL;
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "body") == 0)
            *first = c->children;
    return doc;
}

/* ---------------------------------------------------------------- to safe HTML */

/* The highest heading level (smallest number) among n and its descendants; 7 when none. */
static int top_heading(const xmlNode *n)
{
    int best = 7;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || in(dropped, (const char *)n->name))
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
        if (in(dropped, name))
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
        } else if (in(kept, name)) {
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

static char *markdown_html(const char *s)
{
    /* Safe mode is cmark's default since 0.29 (raw HTML and javascript: links are left out);
     * CMARK_OPT_SAFE says so for older versions. */
    char *h = cmark_markdown_to_html(s, strlen(s), CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
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
static void text_out(plain *t, const char *s)
{
    while (*s) {
        if (!t->pre && is_ws(*s)) {
            t->space = 1;
            while (is_ws(*s))
                s++;
            continue;
        }
        const char *e = s;
        if (t->pre)
            e += strlen(s);
        else
            while (*e && !is_ws(*e) ? 1 : *e == ' ' && e[1] && !is_ws(e[1]))
                e++;
        if (t->b.n && t->pending)
            put(&t->b, "\n\n", (size_t)t->pending);
        else if (t->space && t->b.n && t->b.s[t->b.n - 1] != '\n')
            put(&t->b, " ", 1);
        t->pending = t->space = 0;
        put(&t->b, s, (size_t)(e - s));
        s = e;
    }
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
        if (in(dropped, name))
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
        } else if (in(blocks, name) || strcmp(name, "tr") == 0 || strcmp(name, "dt") == 0 ||
                   strcmp(name, "dd") == 0) {
            int para = in(blocks, name);
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

static char *html_plain(const char *s)
{
    xmlNode *first;
    htmlDocPtr doc = parse(s, &first);
    plain t = {{0}};
    plain_nodes(&t, first, 0);
    xmlFreeDoc(doc);
    return done(&t.b);
}

static char *copy(const char *s)
{
    return salle__xstrdup(s);
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
        char *h = markdown_html(s);
        char *out = html(h);
        free(h);
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
