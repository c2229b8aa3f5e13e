/*
 * cli/common.c - helpers shared by the subcommands.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "model/i18n.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("kaiji: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

bool cli_parse_date(const char *s, kaiji_date *out)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    kaiji_date date = {y, m, d};
    if (d < 1 || !kaiji_date_valid(date))
        return false;
    *out = date;
    return true;
}

static bool push(cli_paths *list, const char *path)
{
    if (list->count == list->cap) {
        size_t ncap = list->cap ? list->cap * 2 : 64;
        char **p = realloc(list->paths, ncap * sizeof(char *));
        if (!p)
            return false;
        list->paths = p;
        list->cap = ncap;
    }
    char *copy = strdup(path);
    if (!copy)
        return false;
    list->paths[list->count++] = copy;
    return true;
}

static bool wanted(const char *name)
{
    static const char *const exts[] = {".xlsx", ".xlsm", ".xls", ".xml", ".json"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcasecmp(name + n - e, exts[i]) == 0)
            return true;
    }
    return false;
}

static int skip_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Walks dir in sorted order, depth first; depth guards against loops. */
static bool walk(cli_paths *list, const char *dir, int depth)
{
    struct dirent **entries = NULL;
    int n = scandir(dir, &entries, skip_hidden, alphasort);
    bool ok = true;
    if (n < 0)
        return push(list, dir);
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        if (ok && (size_t)snprintf(path, sizeof path, "%s/%s", dir,
                                   entries[i]->d_name) < sizeof path &&
            stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (depth < 32)
                    ok = walk(list, path, depth + 1);
            } else if (S_ISREG(st.st_mode) && wanted(entries[i]->d_name)) {
                ok = push(list, path);
            }
        }
        free(entries[i]);
    }
    free(entries);
    return ok;
}

bool cli_paths_add(cli_paths *list, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        char trimmed[4096];
        snprintf(trimmed, sizeof trimmed, "%s", path);
        size_t n = strlen(trimmed);
        while (n > 1 && trimmed[n - 1] == '/')
            trimmed[--n] = '\0';
        return walk(list, trimmed, 0);
    }
    return push(list, path);
}

void cli_paths_free(cli_paths *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->paths[i]);
    free(list->paths);
    list->paths = NULL;
    list->count = list->cap = 0;
}

kaiji_catalogs *cli_load_catalogs(const char *dir)
{
    kaiji_catalogs *cats = NULL;
    char *err = NULL;
    int rc = kaiji_catalogs_load(&cats, dir, &err);
    if (rc != KAIJI_OK) {
        cli_error(_("cannot load the catalogs: %s"), err ? err : kaiji_strerror(rc));
        free(err);
        return NULL;
    }
    return cats;
}
