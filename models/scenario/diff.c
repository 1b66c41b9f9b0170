/* diff.c: differences between resolved scenarios.  See diff.h. */
#include "models/scenario/diff.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SHOWN 120 /* characters of a value shown */

static const cJSON *name_of(const cJSON *o)
{
    const cJSON *n = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, "name") : NULL;
    return cJSON_IsString(n) ? n : NULL;
}

static bool named_array(const cJSON *a)
{
    if (!cJSON_IsArray(a) || !a->child)
        return false;
    for (const cJSON *it = a->child; it; it = it->next)
        if (!name_of(it))
            return false;
    return true;
}

static const cJSON *element_named(const cJSON *arr, const char *name)
{
    for (const cJSON *it = arr->child; it; it = it->next)
        if (!strcmp(name_of(it)->valuestring, name))
            return it;
    return NULL;
}

/* A value in a line: its compact JSON, shortened; "(absent)" for none. */
static void shown(char *buf, size_t len, const cJSON *v)
{
    char *t = v ? cJSON_PrintUnformatted(v) : NULL;
    if (!v)
        snprintf(buf, len, "(absent)");
    else if (t && strlen(t) > MAX_SHOWN)
        snprintf(buf, len, "%.*s...", MAX_SHOWN, t);
    else
        snprintf(buf, len, "%s", t ? t : "?");
    free(t);
}

static void add_line(cJSON *out, const char *path, const cJSON *a, const cJSON *b)
{
    char sa[MAX_SHOWN + 8], sb[MAX_SHOWN + 8];
    shown(sa, sizeof sa, a);
    shown(sb, sizeof sb, b);
    size_t len = strlen(path) + strlen(sa) + strlen(sb) + 16;
    char *line = malloc(len);
    if (line) {
        snprintf(line, len, "%s: %s -> %s", path, sa, sb);
        cJSON_AddItemToArray(out, cJSON_CreateString(line));
        free(line);
    }
}

static void walk(cJSON *out, const char *path, const cJSON *a, const cJSON *b);

static void child_path(char *buf, size_t len, const char *path, const char *key)
{
    snprintf(buf, len, "%s%s%s", path, *path ? "." : "", key);
}

/* Keys that hold prose for people, not parameters. */
static bool prose(const char *key)
{
    return !strcmp(key, "description") || !strcmp(key, "sources");
}

static void walk_objects(cJSON *out, const char *path, const cJSON *a, const cJSON *b)
{
    char p[1024];
    for (const cJSON *x = a->child; x; x = x->next) {
        if (prose(x->string))
            continue;
        child_path(p, sizeof p, path, x->string);
        walk(out, p, x, cJSON_GetObjectItemCaseSensitive(b, x->string));
    }
    for (const cJSON *y = b->child; y; y = y->next)
        if (!cJSON_GetObjectItemCaseSensitive(a, y->string) && !prose(y->string)) {
            child_path(p, sizeof p, path, y->string);
            walk(out, p, NULL, y);
        }
}

static void walk_named(cJSON *out, const char *path, const cJSON *a, const cJSON *b)
{
    char p[1024];
    for (const cJSON *x = a->child; x; x = x->next) {
        child_path(p, sizeof p, path, name_of(x)->valuestring);
        walk(out, p, x, element_named(b, name_of(x)->valuestring));
    }
    for (const cJSON *y = b->child; y; y = y->next)
        if (!element_named(a, name_of(y)->valuestring)) {
            child_path(p, sizeof p, path, name_of(y)->valuestring);
            walk(out, p, NULL, y);
        }
}

static void walk(cJSON *out, const char *path, const cJSON *a, const cJSON *b)
{
    if (a && b && cJSON_Compare(a, b, true))
        return;
    if (cJSON_IsObject(a) && cJSON_IsObject(b))
        walk_objects(out, path, a, b);
    else if (named_array(a) && named_array(b))
        walk_named(out, path, a, b);
    else
        add_line(out, path, a, b);
}

cJSON *cz_scenario_diff(const cJSON *a, const cJSON *b)
{
    cJSON *out = cJSON_CreateArray();
    if (out)
        walk(out, "", a, b);
    return out;
}
