/*
 * parser/inputs.c - files, folders and ZIP archives given to validate,
 * ingest and the watched folder of kaiji serve; every file not read listed
 * with the reason (see inputs.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/base.h"
#include "parser/inputs.h"
#include "model/i18n.h"
#include "model/model.h"
#include "text/text.h"

/* ---- which files are read ------------------------------------------------
 * The one place that says so: a new reader adds its extension here. */

static const char *const read_exts[] = {".xlsx", ".xlsm", ".xls", ".ods", ".xml", ".json"};

static const struct {
    const char *ext, *kind, *reason;
} not_read_exts[] = {
    {".pdf", "pdf", "not-read-pdf"},
    {".docx", "word", "not-read-word"},
    {".doc", "word", "not-read-word"},
    {".docm", "word", "not-read-word"},
    {".rtf", "word", "not-read-word"},
    {".png", "image", "not-read-image"},
    {".jpg", "image", "not-read-image"},
    {".jpeg", "image", "not-read-image"},
    {".gif", "image", "not-read-image"},
    {".bmp", "image", "not-read-image"},
    {".tif", "image", "not-read-image"},
    {".tiff", "image", "not-read-image"},
    {".heic", "image", "not-read-image"},
    {".webp", "image", "not-read-image"},
};

/* How deep archives are opened: a ZIP, and a ZIP inside it; a third level
 * is listed as not read (archive-too-deep).  Listed in tests/hostile/README.md. */
#define ARCHIVE_DEPTH 2

typedef enum { CLASS_READ, CLASS_ARCHIVE, CLASS_SKIP, CLASS_NOT_READ } file_class;

typedef struct classified {
    file_class cls;
    const char *kind, *reason; /* CLASS_NOT_READ */
    const char *why;           /* CLASS_SKIP: the note's words */
} classified;

static bool ends_with(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* Office's lock and temporary files, and the litter of Windows and macOS. */
static bool temporary(const char *base)
{
    size_t n = strlen(base);
    return strncmp(base, "~$", 2) == 0 ||
           (strncmp(base, ".~lock.", 7) == 0 && n > 7 && base[n - 1] == '#') ||
           ends_with(base, ".tmp") || strcasecmp(base, "Thumbs.db") == 0 ||
           strcasecmp(base, "desktop.ini") == 0 || strcasecmp(base, ".DS_Store") == 0 ||
           strncmp(base, "._", 2) == 0;
}

/* What becomes of a file named base (its last path component). */
static classified classify(const char *base)
{
    classified c = {CLASS_NOT_READ, "other", "not-read-type", NULL};
    if (temporary(base))
        return (classified){CLASS_SKIP, NULL, NULL, _("an Office lock or temporary file")};
    if (base[0] == '.')
        return (classified){CLASS_SKIP, NULL, NULL, _("a hidden file")};
    for (size_t i = 0; i < sizeof read_exts / sizeof read_exts[0]; i++)
        if (ends_with(base, read_exts[i]))
            return (classified){CLASS_READ, NULL, NULL, NULL};
    if (ends_with(base, ".zip"))
        return (classified){CLASS_ARCHIVE, NULL, NULL, NULL};
    for (size_t i = 0; i < sizeof not_read_exts / sizeof not_read_exts[0]; i++)
        if (ends_with(base, not_read_exts[i].ext)) {
            c.kind = not_read_exts[i].kind;
            c.reason = not_read_exts[i].reason;
        }
    return c;
}

/* ---- the lists ------------------------------------------------------------ */

/* A note on list->notes that shown was skipped, and why. */
static void note_skip(kaiji_inputs *list, const char *shown, const char *why)
{
    if (list->notes)
        fprintf(list->notes, _("kaiji: note: skipped %s: %s\n"), shown, why);
    list->skipped++;
}

/* As note_skip, for a path on disk (shown in the shown form). */
static void note_skip_path(kaiji_inputs *list, const char *path, const char *why)
{
    char *shown = kaiji_text_path_show(path);
    note_skip(list, shown ? shown : path, why);
    free(shown);
}

static bool push_input(kaiji_inputs *list, const char *path, const char *shown, int depth,
                       size_t m0, size_t m1)
{
    if (!KAIJI_GROW(list->items, list->count, list->cap))
        return false;
    kaiji_input *in = &list->items[list->count];
    memset(in, 0, sizeof *in);
    in->path = strdup(path);
    in->shown = shown ? strdup(shown) : NULL;
    in->depth = depth;
    in->member[0] = m0;
    in->member[1] = m1;
    if (!in->path || (shown && !in->shown)) {
        free(in->path);
        free(in->shown);
        return false;
    }
    list->count++;
    return true;
}

/* Records shown (already in the shown form) as not read. */
static bool push_not_read(kaiji_inputs *list, const char *shown, const char *kind,
                          const char *reason, const char *detail)
{
    if (!KAIJI_GROW(list->not_read, list->not_read_count, list->not_read_cap))
        return false;
    kaiji_not_read *r = &list->not_read[list->not_read_count];
    r->path = strdup(shown);
    r->kind = kind;
    r->reason = reason;
    r->detail = detail && *detail ? strdup(detail) : NULL;
    if (!r->path || (detail && *detail && !r->detail)) {
        free(r->path);
        free(r->detail);
        return false;
    }
    list->not_read_count++;
    return true;
}

/* As push_not_read, for a path on disk. */
static bool push_not_read_path(kaiji_inputs *list, const char *path, const char *kind,
                               const char *reason)
{
    char *shown = kaiji_text_path_show(path);
    bool ok = shown && push_not_read(list, shown, kind, reason, NULL);
    free(shown);
    return ok;
}

void kaiji_inputs_free(kaiji_inputs *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].path);
        free(list->items[i].shown);
    }
    for (size_t i = 0; i < list->not_read_count; i++) {
        free(list->not_read[i].path);
        free(list->not_read[i].detail);
    }
    free(list->items);
    free(list->not_read);
    list->items = NULL;
    list->not_read = NULL;
    list->count = list->cap = list->not_read_count = list->not_read_cap = 0;
}

const char *kaiji_input_name(const kaiji_input *in)
{
    return in->shown ? in->shown : in->path;
}

/* ---- archives -------------------------------------------------------------- */

/* The last component of a member's name ("/" or "\" separates). */
static const char *member_base(const char *name)
{
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

/* The not-read reason of an archive that failed with st. */
static const char *archive_reason(kaiji_zip_status st)
{
    switch (st) {
    case KAIJI_ZIP_ENCRYPTED: return "archive-encrypted";
    case KAIJI_ZIP_WRONG_PASSWORD: return "archive-wrong-password";
    default: return "archive-unreadable";
    }
}

/*
 * Lists the members of the archive held in data (size bytes), shown as
 * shown: the documents as inputs (path the archive on disk, depth the
 * members' level, outer the index of this archive in the one on disk when
 * depth is 2), the others as not read or skipped.  *budget is how many
 * entries may still be listed, with the ZIPs inside counted (the entry cap
 * of one workbook, for the archive and its inner ZIPs together: 10,000 ZIPs
 * of 10,000 entries inside one must not make 10^8 inputs).  false when
 * memory runs out.
 */
static bool add_archive(kaiji_inputs *list, const char *path, const char *shown,
                        const unsigned char *data, size_t size, int depth, size_t outer,
                        size_t *budget)
{
    kaiji_zip *zip = NULL;
    char why[KAIJI_ZIP_WHY];
    bool ok = true, need_password = false, wrong_password = false, any = false;
    kaiji_zip_status st = kaiji_zip_open_archive(&zip, data, size, &list->limits, why);
    if (st == KAIJI_ZIP_NOMEM)
        return false;
    if (st != KAIJI_ZIP_OK)
        return push_not_read(list, shown, "archive", archive_reason(st), why);
    for (size_t i = 0; ok && i < kaiji_zip_entry_count(zip); i++) {
        const char *raw = kaiji_zip_entry_name(zip, i);
        if (!raw || kaiji_zip_entry_is_dir(zip, i))
            continue;
        any = true;
        if (*budget == 0) {
            snprintf(why, sizeof why,
                     _("it holds more than %lu files, with the ZIP files inside it"),
                     (unsigned long)list->limits.max_zip_entries);
            ok = push_not_read(list, shown, "archive", "archive-unreadable", why);
            break;
        }
        (*budget)--;
        char *name = kaiji_text_path_show(raw);
        char *member = name ? kaiji_strprintf("%s" KAIJI_ARCHIVE_SEP "%s", shown, name) : NULL;
        free(name);
        if (!member) {
            ok = false;
            break;
        }
        classified c = classify(member_base(raw));
        if (c.cls == CLASS_SKIP) {
            note_skip(list, member, c.why);
        } else if (c.cls == CLASS_NOT_READ) {
            ok = push_not_read(list, member, c.kind, c.reason, NULL);
        } else if (c.cls == CLASS_ARCHIVE && depth >= ARCHIVE_DEPTH) {
            ok = push_not_read(list, member, "archive", "archive-too-deep", NULL);
        } else {
            unsigned char *inner = NULL;
            size_t inner_size = 0;
            bool encrypted = kaiji_zip_entry_encrypted(zip, i);
            st = KAIJI_ZIP_OK;
            if (encrypted && !list->password)
                st = KAIJI_ZIP_ENCRYPTED;
            else if (encrypted && wrong_password)
                st = KAIJI_ZIP_WRONG_PASSWORD;
            else if (encrypted || c.cls == CLASS_ARCHIVE)
                st = kaiji_zip_entry_read(zip, i, list->password, c.cls != CLASS_ARCHIVE,
                                          &inner, &inner_size, why);
            if (st == KAIJI_ZIP_NOMEM)
                ok = false;
            else if (st == KAIJI_ZIP_ENCRYPTED && encrypted && !list->password)
                need_password = true;
            else if (st == KAIJI_ZIP_WRONG_PASSWORD)
                wrong_password = true;
            else if (st != KAIJI_ZIP_OK && c.cls == CLASS_ARCHIVE)
                ok = push_not_read(list, member, "archive", archive_reason(st), why);
            /* A document that cannot be opened is read all the same: it is
             * an unreadable document, with the reason as its finding. */
            else if (c.cls == CLASS_ARCHIVE)
                ok = add_archive(list, path, member, inner, inner_size, depth + 1, i, budget);
            else if (depth == 1)
                ok = push_input(list, path, member, 1, i, 0);
            else
                ok = push_input(list, path, member, 2, outer, i);
            free(inner);
        }
        free(member);
    }
    if (ok && need_password)
        ok = push_not_read(list, shown, "archive", "archive-encrypted", NULL);
    if (ok && wrong_password)
        ok = push_not_read(list, shown, "archive", "archive-wrong-password", NULL);
    if (ok && !any)
        ok = push_not_read(list, shown, "archive", "archive-empty", NULL);
    kaiji_zip_free(zip);
    return ok;
}

/* The archive on disk at path. */
static bool add_archive_file(kaiji_inputs *list, const char *path)
{
    char *data = NULL, *shown = kaiji_text_path_show(path);
    size_t len = 0;
    kaiji_file_problem problem;
    bool ok;
    if (!shown)
        return false;
    if (kaiji_file_read(&data, &len, path, (size_t)list->limits.max_file_size, &problem,
                        NULL) != KAIJI_OK) {
        char why[KAIJI_ZIP_WHY];
        if (problem == KAIJI_FILE_TOO_LARGE)
            snprintf(why, sizeof why, _("the file is over the limit of %llu bytes"),
                     (unsigned long long)list->limits.max_file_size);
        else
            snprintf(why, sizeof why, _("cannot open the file: %s"), strerror(errno));
        ok = push_not_read(list, shown, "archive", "archive-unreadable", why);
    } else {
        size_t budget = list->limits.max_zip_entries;
        ok = add_archive(list, path, shown, (const unsigned char *)data, len, 1, 0, &budget);
    }
    free(data);
    free(shown);
    return ok;
}

/* ---- folders ----------------------------------------------------------------- */

/* What a file that is not regular is, for the note that skips it. */
static const char *kind_of(mode_t mode)
{
    if (S_ISLNK(mode))
        return _("a symbolic link (not followed)");
    if (S_ISFIFO(mode))
        return _("a named pipe");
    if (S_ISSOCK(mode))
        return _("a socket");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return _("a device");
    return _("not a regular file");
}

/* A regular file named base at path, found in a folder or given by name
 * (then a file of a kind not known is read: the reader tells what it is);
 * st is what stat said of it, for list->admit. */
static bool add_file(kaiji_inputs *list, const char *path, const char *base, bool given,
                     const struct stat *st)
{
    classified c = classify(base);
    if (c.cls != CLASS_SKIP && list->admit && !list->admit(list->admit_ctx, path, st))
        return true;
    switch (c.cls) {
    case CLASS_READ: return push_input(list, path, NULL, 0, 0, 0);
    case CLASS_ARCHIVE: return add_archive_file(list, path);
    case CLASS_SKIP:
        /* A hidden file named on the command line is meant: read it. */
        if (given && !temporary(base))
            return push_input(list, path, NULL, 0, 0, 0);
        note_skip_path(list, path, c.why);
        return true;
    case CLASS_NOT_READ:
        if (given && strcmp(c.reason, "not-read-type") == 0)
            return push_input(list, path, NULL, 0, 0, 0);
        return push_not_read_path(list, path, c.kind, c.reason);
    }
    return true;
}

static int not_dots(const struct dirent *e)
{
    return strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
}

/*
 * Walks dir in sorted order, depth first, never through a symbolic link, so
 * that it never leaves the folder given nor loops; a named pipe, socket or
 * device is skipped with a note, never opened; a hidden folder is skipped
 * with a note.  depth bounds the descent.
 */
static bool walk(kaiji_inputs *list, const char *dir, int depth)
{
    struct dirent **entries = NULL;
    int n = scandir(dir, &entries, not_dots, alphasort);
    bool ok = true;
    if (n < 0) {
        char *shown = kaiji_text_path_show(dir);
        char why[KAIJI_ZIP_WHY];
        snprintf(why, sizeof why, _("cannot open the folder: %s"), strerror(errno));
        ok = shown && push_not_read(list, shown, "folder", "folder-unreadable", why);
        free(shown);
        return ok;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        const char *name = entries[i]->d_name;
        if (ok && (size_t)snprintf(path, sizeof path, "%s/%s", dir, name) < sizeof path &&
            lstat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                if (name[0] == '.')
                    note_skip_path(list, path, _("a hidden folder"));
                else if (depth < 32)
                    ok = walk(list, path, depth + 1);
                else
                    note_skip_path(list, path, _("a folder nested too deep"));
            } else if (S_ISREG(st.st_mode)) {
                ok = add_file(list, path, name, false, &st);
            } else {
                note_skip_path(list, path, kind_of(st.st_mode));
            }
        }
        free(entries[i]);
    }
    free(entries);
    return ok;
}

int kaiji_inputs_add(kaiji_inputs *list, const char *path)
{
    struct stat st;
    if (!list->limits.max_file_size)
        kaiji_limits_init(&list->limits);
    if (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR))
        return KAIJI_ERROR_NOT_FOUND;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        char trimmed[4096];
        snprintf(trimmed, sizeof trimmed, "%s", path);
        size_t n = strlen(trimmed);
        while (n > 1 && trimmed[n - 1] == '/')
            trimmed[--n] = '\0';
        return walk(list, trimmed, 0) ? KAIJI_OK : KAIJI_ERROR_NOMEM;
    }
    /* A path given by name may be a link the user chose; what it names
     * must still be a file: a pipe would block the run. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        note_skip_path(list, path, kind_of(st.st_mode));
        return KAIJI_OK;
    }
    const char *base = strrchr(path, '/');
    return add_file(list, path, base ? base + 1 : path, true, &st) ? KAIJI_OK
                                                                    : KAIJI_ERROR_NOMEM;
}

/* ---- reading members ------------------------------------------------------- */

int kaiji_input_bytes(unsigned char **data, size_t *size, const kaiji_inputs *list,
                      const kaiji_input *in, const char **code, char why[KAIJI_ZIP_WHY])
{
    char *file = NULL;
    size_t len = 0;
    unsigned char *outer = NULL;
    size_t outer_size = 0;
    kaiji_zip *zip = NULL;
    kaiji_file_problem problem;
    kaiji_zip_status st;
    int rc = KAIJI_ERROR_UNREADABLE;

    *data = NULL;
    *size = 0;
    *code = "file-unreadable";
    why[0] = '\0';
    if (kaiji_file_read(&file, &len, in->path, (size_t)list->limits.max_file_size, &problem,
                        NULL) != KAIJI_OK) {
        if (problem == KAIJI_FILE_TOO_LARGE) {
            *code = "file-too-large";
            snprintf(why, KAIJI_ZIP_WHY, _("the file is over the limit of %llu bytes"),
                     (unsigned long long)list->limits.max_file_size);
        } else {
            snprintf(why, KAIJI_ZIP_WHY, _("cannot open the file: %s"), strerror(errno));
        }
        goto done;
    }
    st = kaiji_zip_open_archive(&zip, (const unsigned char *)file, len, &list->limits, why);
    if (st == KAIJI_ZIP_OK)
        st = kaiji_zip_entry_read(zip, in->member[0], list->password, false, &outer,
                                  &outer_size, why);
    if (st == KAIJI_ZIP_OK && in->depth == 2) {
        kaiji_zip_free(zip);
        zip = NULL;
        st = kaiji_zip_open_archive(&zip, outer, outer_size, &list->limits, why);
        if (st == KAIJI_ZIP_OK)
            st = kaiji_zip_entry_read(zip, in->member[1], list->password, false, data, size,
                                      why);
    } else if (st == KAIJI_ZIP_OK) {
        *data = outer;
        *size = outer_size;
        outer = NULL;
    }
    if (st == KAIJI_ZIP_NOMEM) {
        rc = KAIJI_ERROR_NOMEM;
    } else if (st != KAIJI_ZIP_OK) {
        const char *c = kaiji_zip_status_code(st);
        *code = c ? c : "file-corrupt";
    } else {
        rc = KAIJI_OK;
    }
done:
    kaiji_zip_free(zip);
    free(outer);
    free(file);
    return rc;
}

int kaiji_input_read(kaiji_document **out, const kaiji_inputs *list, const kaiji_input *in,
                     const kaiji_read_options *opts)
{
    unsigned char *data = NULL;
    size_t size = 0;
    const char *code = NULL;
    char why[KAIJI_ZIP_WHY];
    *out = NULL;
    if (!in->shown)
        return kaiji_read_file(out, in->path, opts);
    int rc = kaiji_input_bytes(&data, &size, list, in, &code, why);
    if (rc == KAIJI_OK) {
        rc = kaiji_read_memory(out, data, size, in->shown, opts);
    } else if (rc == KAIJI_ERROR_UNREADABLE) {
        kaiji_document *doc = kaiji_document_new(in->shown);
        rc = KAIJI_ERROR_NOMEM;
        if (doc && kaiji_document_fail(doc, code, "%s", why) == KAIJI_OK) {
            *out = doc;
            rc = KAIJI_OK;
        } else {
            kaiji_document_free(doc);
        }
    }
    free(data);
    return rc;
}

/* ---- what people read ------------------------------------------------------ */

const char *kaiji_not_read_reason(const kaiji_not_read *r)
{
    const char *c = r->reason;
    if (strcmp(c, "not-read-pdf") == 0)
        return _("a PDF: kaiji reads Excel, OpenDocument, XML and JSON files, not PDF");
    if (strcmp(c, "not-read-word") == 0)
        return _("a Word document: kaiji does not read Word files");
    if (strcmp(c, "not-read-image") == 0)
        return _("an image (a scan or a photo): kaiji does not read images");
    if (strcmp(c, "archive-encrypted") == 0)
        return _("a password-protected ZIP, and no password was given");
    if (strcmp(c, "archive-wrong-password") == 0)
        return _("the password given does not open this ZIP");
    if (strcmp(c, "archive-unreadable") == 0)
        return _("the ZIP cannot be opened");
    if (strcmp(c, "archive-too-deep") == 0)
        return _("a ZIP inside a ZIP inside a ZIP: kaiji opens one level of ZIP within ZIP");
    if (strcmp(c, "archive-empty") == 0)
        return _("the ZIP holds no file");
    if (strcmp(c, "folder-unreadable") == 0)
        return _("the folder cannot be opened");
    return _("not a kind of file kaiji reads (Excel, OpenDocument, XML, JSON, ZIP)");
}

const char *kaiji_not_read_next_step(const kaiji_not_read *r)
{
    const char *c = r->reason;
    if (strcmp(c, "not-read-pdf") == 0 || strcmp(c, "not-read-word") == 0 ||
        strcmp(c, "not-read-image") == 0)
        return _("ask the vendor for the same document as an Excel file (.xlsx)");
    if (strcmp(c, "archive-encrypted") == 0)
        return _("the password usually comes in a separate mail; set it in KAIJI_ZIP_PASSWORD "
                 "or give --ask-password, then run again");
    if (strcmp(c, "archive-wrong-password") == 0)
        return _("check the password in the vendor's mail (upper and lower case, full-width "
                 "characters) and run again");
    if (strcmp(c, "archive-unreadable") == 0 || strcmp(c, "archive-empty") == 0)
        return _("ask the vendor to send the file again");
    if (strcmp(c, "archive-too-deep") == 0)
        return _("unpack the inner ZIP by hand and give its folder, or ask the vendor for "
                 "the documents themselves");
    if (strcmp(c, "folder-unreadable") == 0)
        return _("check the folder's permissions");
    return _("if it is a disclosure, ask the vendor for it as an Excel file (.xlsx)");
}
