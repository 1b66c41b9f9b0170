/* resolve.c: a scenario file to one JSON tree — "extends" resolved and merged,
 * then the --set overrides applied.  See scenario.h for the rules.
 *
 * Work is bounded by the input: at most MAX_EXTENDS_DEPTH levels of "extends"
 * and MAX_FILES_LOADED files in all (a file extended from several places is
 * loaded each time, so fan-out counts), each at most MAX_FILE_BYTES, read only
 * if it is a regular file (never a FIFO or a device). */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario_impl.h"

#define MAX_FILE_BYTES CZ_MAX_SCENARIO_BYTES
#define MAX_EXTENDS_DEPTH 16
#define MAX_FILES_LOADED 64

/* ---- merging ---- */

static const cJSON *name_of(const cJSON *o)
{
    const cJSON *n = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, "name") : NULL;
    return cJSON_IsString(n) ? n : NULL;
}

/* An array whose every element is an object with a "name": merged by name. */
static bool named_array(const cJSON *a)
{
    if (!cJSON_IsArray(a) || !a->child)
        return false;
    for (const cJSON *it = a->child; it; it = it->next)
        if (!name_of(it))
            return false;
    return true;
}

static cJSON *element_named(cJSON *arr, const char *name)
{
    for (cJSON *it = arr->child; it; it = it->next) {
        const cJSON *n = name_of(it);
        if (n && strcmp(n->valuestring, name) == 0)
            return it;
    }
    return NULL;
}

static void merge_into(cz_reader_t *r, cJSON *base, const cJSON *over);

/* Arrays of named objects merge by name: an element whose name the base has is
 * merged into it key by key ({"name": N, "remove": true} removes it), a new
 * name is appended. */
static void merge_named(cz_reader_t *r, cJSON *base, const cJSON *over)
{
    for (const cJSON *it = over->child; it; it = it->next) {
        const char *name = name_of(it)->valuestring;
        cJSON *b = element_named(base, name);
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "remove"))) {
            if (b)
                cJSON_Delete(cJSON_DetachItemViaPointer(base, b));
            else
                cz_err(r, NULL, "\"%s\" is removed, but no file it extends has an element of that name", name);
        } else if (b) {
            merge_into(r, b, it);
        } else {
            cJSON *copy = cJSON_Duplicate(it, true);
            if (copy)
                cJSON_AddItemToArray(base, copy);
        }
    }
}

/* Objects merge key by key; arrays of named objects merge by name; anything else
 * in `over` replaces what `base` has. */
void cz_sc_merge(cz_reader_t *r, cJSON *base, const cJSON *over) { merge_into(r, base, over); }

static void merge_into(cz_reader_t *r, cJSON *base, const cJSON *over)
{
    for (const cJSON *it = over->child; it; it = it->next) {
        cJSON *b = cJSON_GetObjectItemCaseSensitive(base, it->string);
        if (b && cJSON_IsObject(b) && cJSON_IsObject(it)) {
            merge_into(r, b, it);
            continue;
        }
        if (b && named_array(b) && named_array(it)) {
            merge_named(r, b, it);
            continue;
        }
        cJSON *copy = cJSON_Duplicate(it, true);
        if (!copy)
            continue;
        if (b)
            cJSON_ReplaceItemInObjectCaseSensitive(base, it->string, copy);
        else
            cJSON_AddItemToObject(base, it->string, copy);
    }
}

/* ---- extends ---- */

typedef struct chain {
    const char *file[MAX_EXTENDS_DEPTH + 1];
    int depth;
    int loaded;      /* files loaded so far, all branches */
} chain_t;

static cJSON *load_chain(cz_reader_t *r, const char *file, chain_t *ch);

/* The path of `target` relative to the folder of `from`. */
static bool relative_path(const char *from, const char *target, char *out, size_t len)
{
    char *dirbuf = strdup(from);
    int n = target[0] == '/' ? snprintf(out, len, "%s", target)
                             : snprintf(out, len, "%s/%s", dirbuf ? dirname(dirbuf) : ".", target);
    free(dirbuf);
    return n > 0 && (size_t)n < len;
}

/* Load and merge, in order, the files `ext` names (extends of `file`). */
static cJSON *load_bases(cz_reader_t *r, const char *file, const cJSON *ext, chain_t *ch)
{
    cJSON *base = NULL;
    for (const cJSON *it = ext->child; it; it = it->next) {
        char path[PATH_MAX];
        if (!cJSON_IsString(it) || !*it->valuestring) {
            cz_err(r, "extends", "expected file names (non-empty strings)");
            break;
        }
        if (!relative_path(file, it->valuestring, path, sizeof path)) {
            cz_err(r, "extends", "\"%s\": path too long", it->valuestring);
            break;
        }
        int before = r->nerrors;
        cJSON *b = load_chain(r, path, ch);
        r->file = file;
        if (!b) {
            if (r->nerrors == before)
                cz_err(r, "extends", "cannot load \"%s\"", it->valuestring);
            break;
        }
        if (base) {
            merge_into(r, base, b);
            cJSON_Delete(b);
        } else {
            base = b;
        }
    }
    if (!cz_ok(r)) {
        cJSON_Delete(base);
        return NULL;
    }
    return base;
}

/* A file's own tree with its "extends" detached into *ext (as a list), its
 * tables expanded, and what they replace in its bases listed in *replaced. */
static cJSON *load_one(cz_reader_t *r, const char *file, cJSON **ext, cJSON **replaced)
{
    cJSON *root = cz_load_json(r, file, MAX_FILE_BYTES);
    *ext = NULL;
    *replaced = NULL;
    if (root && !cJSON_IsObject(root)) {
        cz_err(r, NULL, "a scenario must be a JSON object");
        cJSON_Delete(root);
        return NULL;
    }
    cJSON *e = root ? cJSON_DetachItemFromObjectCaseSensitive(root, "extends") : NULL;
    if (e && cJSON_IsString(e)) { /* one base: a list of one */
        cJSON *list = cJSON_CreateArray();
        if (list)
            cJSON_AddItemToArray(list, e);
        else
            cJSON_Delete(e);
        e = list;
    }
    if (e && (!cJSON_IsArray(e) || cJSON_GetArraySize(e) == 0))
        cz_err(r, "extends", "expected a file name, or a list of file names merged in order");
    if (root)
        *replaced = cz_sc_expand_tables(r, file, root); /* tables are read beside the file naming them */
    *ext = e;
    return root;
}

/* A file's table replaces what its bases had there, not merges with it: a
 * schedule their categories, a flow's trade table that flow's categories and
 * values by category. */
static void drop_replaced(cJSON *base, const cJSON *replaced)
{
    if (!replaced)
        return;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(replaced, "tariff")))
        cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(base, "tariff"), "categories");
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(replaced, "flows"), *n;
    cJSON *flows = cJSON_GetObjectItemCaseSensitive(base, "flows");
    cJSON_ArrayForEach(n, names) {
        cJSON *f = cJSON_IsArray(flows) ? element_named(flows, n->valuestring) : NULL;
        if (f) {
            cJSON_DeleteItemFromObjectCaseSensitive(f, "categories");
            cJSON_DeleteItemFromObjectCaseSensitive(f, "value_by_category");
        }
    }
}

static bool chain_admits(cz_reader_t *r, const char *file, chain_t *ch)
{
    for (int i = 0; i < ch->depth; i++)
        if (strcmp(ch->file[i], file) == 0) {
            cz_err(r, "extends", "\"%s\" extends itself through a cycle", file);
            return false;
        }
    if (ch->depth >= MAX_EXTENDS_DEPTH) {
        cz_err(r, "extends", "more than %d levels of \"extends\"", MAX_EXTENDS_DEPTH);
        return false;
    }
    if (++ch->loaded > MAX_FILES_LOADED) {
        cz_err(r, "extends", "more than %d files loaded through \"extends\" (a file extended from several "
               "places counts each time)", MAX_FILES_LOADED);
        return false;
    }
    return true;
}

static cJSON *load_chain(cz_reader_t *r, const char *file, chain_t *ch)
{
    if (!chain_admits(r, file, ch))
        return NULL;
    const char *saved = r->file;
    r->file = file;
    cJSON *ext, *replaced, *root = load_one(r, file, &ext, &replaced);
    if (root && ext && cz_ok(r)) {
        ch->file[ch->depth++] = file;
        cJSON *base = load_bases(r, file, ext, ch);
        ch->depth--;
        if (base)
            drop_replaced(base, replaced);
        if (base)
            merge_into(r, base, root);
        cJSON_Delete(root);
        root = base;
    }
    if (!cz_ok(r)) {
        cJSON_Delete(root);
        root = NULL;
    }
    cJSON_Delete(ext);
    cJSON_Delete(replaced);
    r->file = saved;
    return root;
}

cJSON *cz_scenario_resolve(cz_reader_t *r, const char *file, const char *const *sets, int nsets)
{
    chain_t ch = {{0}, 0, 0};
    cJSON *root = load_chain(r, file, &ch);
    if (!root)
        return NULL;
    for (int i = 0; i < nsets; i++)
        cz_apply_set(r, root, sets[i]);
    if (!cz_ok(r)) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* ---- overrides: PATH=VALUE ---- */

/* The value of an override, read exactly: the whole text as JSON, or else the
 * whole text as a string ("24h", "6 min", "6%"), never a prefix of it. */
static cJSON *override_value(cz_reader_t *r, const char *text, const char *what)
{
    const char *end = NULL;
    cJSON *v = *text ? cJSON_ParseWithOpts(text, &end, true) : NULL;
    if (v && cz_inexact_number_at(text, strlen(text)) < strlen(text)) {
        cz_err(r, NULL, "%s: a number in \"%s\" cannot be read exactly: it has more digits than a binary double holds "
               "(15 significant digits are always read as written)", what, text);
        cJSON_Delete(v);
        return NULL;
    }
    return v ? v : cJSON_CreateString(text);
}

/* An array element by index (a whole number within the array) or by name. */
static cJSON *array_element(cz_reader_t *r, cJSON *arr, const char *tok, const char *what)
{
    char *end;
    errno = 0;
    long i = strtol(tok, &end, 10);
    bool numeric = *tok && *end == '\0';
    if (numeric && (errno || i < 0 || i >= cJSON_GetArraySize(arr))) {
        cz_err(r, NULL, "%s: index %s is outside the array (0..%d)", what, tok, cJSON_GetArraySize(arr) - 1);
        return NULL;
    }
    cJSON *child = numeric ? cJSON_GetArrayItem(arr, (int)i) : element_named(arr, tok);
    if (!child)
        cz_err(r, NULL, "%s: no element \"%s\" in that array", what, tok);
    return child;
}

/* Put value at key in object node (null removes the key: its default applies). */
static void object_put(cJSON *node, const char *key, cJSON *value)
{
    if (cJSON_IsNull(value)) {
        cJSON_DeleteItemFromObjectCaseSensitive(node, key);
        cJSON_Delete(value);
    } else if (cJSON_GetObjectItemCaseSensitive(node, key)) {
        cJSON_ReplaceItemInObjectCaseSensitive(node, key, value);
    } else {
        cJSON_AddItemToObject(node, key, value); /* validation catches unknown keys */
    }
}

static void no_such_line(cz_reader_t *r, const cJSON *cats, const char *name, const char *what)
{
    int n = cJSON_GetArraySize(cats), i = 0;
    const char **names = malloc((size_t)(n + 1) * sizeof *names);
    const cJSON *it;
    if (names) {
        cJSON_ArrayForEach(it, cats)
            names[i++] = it->string;
        names[i] = NULL;
    }
    const char *hint = names ? cz_did_you_mean(name, names, i) : NULL;
    cz_err(r, NULL, "%s: the tariff has no line \"%s\"%s%s%s", what, name, hint ? " (did you mean \"" : "",
           hint ? hint : "", hint ? "\"?)" : "");
    free(names);
}

bool cz_sc_put(cz_reader_t *r, cJSON *root, char *path, cJSON *value, const char *what)
{
    cJSON *node = root;
    char *save = NULL, *tok = strtok_r(path, ".", &save);
    if (!tok) {
        cz_err(r, NULL, "%s: empty path", what);
        return false;
    }
    const char *up[2] = {"", ""}; /* the two tokens before tok */
    for (char *next; tok; up[0] = up[1], up[1] = tok, tok = next) {
        next = strtok_r(NULL, ".", &save);
        if (!cJSON_IsArray(node) && !cJSON_IsObject(node)) {
            cz_err(r, NULL, "%s: \"%s\" is inside a value that is not an object or array", what, tok);
            return false;
        }
        if (cJSON_IsArray(node)) {
            cJSON *child = array_element(r, node, tok, what);
            if (!child)
                return false;
            if (!next)
                return cJSON_ReplaceItemViaPointer(node, child, value);
            node = child;
            continue;
        }
        if (!next) {
            object_put(node, tok, value);
            return true;
        }
        cJSON *child = cJSON_GetObjectItemCaseSensitive(node, tok);
        if (!child && !strcmp(up[0], "tariff") && !strcmp(up[1], "categories")) {
            /* a key of a line that is not there: a typo would make a new, unused line */
            no_such_line(r, node, tok, what);
            return false;
        }
        if (!child && !(child = cJSON_AddObjectToObject(node, tok)))
            return false;
        node = child;
    }
    return false;
}

bool cz_apply_set(cz_reader_t *r, cJSON *root, const char *assignment)
{
    char what[600], path[512];
    const char *option = "--set", *a = assignment;
    if (strncmp(a, "--", 2) == 0 && strchr(a, ' ')) { /* "--vary PATH=VALUE": name the option */
        snprintf(what, sizeof what, "%.*s", (int)(strchr(a, ' ') - a), a);
        option = what;
        a = strchr(a, ' ') + 1;
    }
    char opt[64];
    snprintf(opt, sizeof opt, "%s", option);
    const char *eq = strchr(a, '=');
    size_t plen = eq ? (size_t)(eq - a) : 0;
    snprintf(what, sizeof what, "%s %s", opt, a);
    if (!eq || plen == 0) {
        cz_err(r, NULL, "%s: expected PATH=VALUE", what);
        return false;
    }
    if (plen >= sizeof path) {
        cz_err(r, NULL, "%s: path longer than %zu characters", opt, sizeof path - 1);
        return false;
    }
    memcpy(path, a, plen);
    path[plen] = '\0';
    if (!strncmp(path, "extends", 7) && (!path[7] || path[7] == '.')) {
        cz_err(r, NULL, "%s: \"extends\" is resolved before overrides apply", what);
        return false;
    }
    cz_reader_note_override(r, path, what);
    cJSON *value = override_value(r, eq + 1, what);
    if (!value)
        return false;
    if (!cz_sc_put(r, root, path, value, what)) {
        cJSON_Delete(value);
        return false;
    }
    return true;
}
