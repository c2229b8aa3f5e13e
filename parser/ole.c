/*
 * parser/ole.c - OLE2 compound files: a legacy .xls, or an OOXML workbook
 * saved with a password (Office keeps it as an EncryptedPackage stream inside
 * a compound file).  Neither is read; the reader only tells which one it is.
 *
 * The directory is found by walking the FAT chain from the header, every
 * sector number bounds-checked and every chain cut after as many steps as the
 * file has sectors.  When the structure is too damaged to walk, the whole file
 * is searched for the UTF-16LE stream name instead.
 */
#include <stdint.h>
#include <string.h>

#include "parser/readers.h"
#include "model/i18n.h"

#define OLE_HEADER_SIZE 512
#define OLE_NO_SECTOR 0xFFFFFFFAu /* and above: free, end of chain, FAT, DIFAT */
#define OLE_HEADER_DIFAT 109

enum { FOUND_ENCRYPTED = 1, FOUND_WORKBOOK = 2 };

typedef struct ole {
    const unsigned char *data;
    size_t size;
    uint32_t ssz;       /* sector size */
    uint64_t sectors;   /* sectors the file holds */
} ole;

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* The bytes of sector s, or NULL when s lies outside the file. */
static const unsigned char *sector(const ole *o, uint32_t s)
{
    uint64_t off;

    if (s >= OLE_NO_SECTOR)
        return NULL;
    off = ((uint64_t)s + 1) * o->ssz;
    if (off + o->ssz > o->size)
        return NULL;
    return o->data + off;
}

/* The sector number of the i-th FAT sector (from the header's DIFAT or the
 * DIFAT chain), or OLE_NO_SECTOR. */
static uint32_t fat_sector(const ole *o, uint32_t i)
{
    uint32_t per = o->ssz / 4 - 1, s;
    uint64_t steps = 0;
    const unsigned char *d;

    if (i < OLE_HEADER_DIFAT)
        return le32(o->data + 0x4C + 4 * i);
    i -= OLE_HEADER_DIFAT;
    s = le32(o->data + 0x44);
    while ((d = sector(o, s)) != NULL && steps++ <= o->sectors) {
        if (i < per)
            return le32(d + 4 * i);
        i -= per;
        s = le32(d + 4 * per);
    }
    return OLE_NO_SECTOR;
}

/* The sector after s in its chain, or OLE_NO_SECTOR. */
static uint32_t next_sector(const ole *o, uint32_t s)
{
    uint32_t per = o->ssz / 4;
    const unsigned char *f = sector(o, fat_sector(o, s / per));

    return f ? le32(f + 4 * (s % per)) : OLE_NO_SECTOR;
}

/* true when the directory entry's UTF-16LE name is the ASCII name. */
static bool entry_named(const unsigned char *e, const char *name)
{
    uint16_t len = le16(e + 0x40);
    size_t n = strlen(name), i;

    if (len != 2 * (n + 1))
        return false;
    for (i = 0; i < n; i++) {
        unsigned c = e[2 * i], hi = e[2 * i + 1];
        if (hi != 0)
            return false;
        if (c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        if (c != (unsigned)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - ('a' - 'A') : name[i]))
            return false;
    }
    return true;
}

/* Walks the directory; returns the FOUND_ bits, or -1 when it cannot. */
static int walk_directory(const unsigned char *data, size_t size)
{
    ole o;
    uint16_t shift;
    uint32_t s;
    uint64_t steps = 0;
    const unsigned char *d;
    int found = 0;
    bool any = false;

    if (size < OLE_HEADER_SIZE)
        return -1;
    shift = le16(data + 0x1E);
    if (shift != 9 && shift != 12)
        return -1;
    o.data = data;
    o.size = size;
    o.ssz = 1u << shift;
    o.sectors = size / o.ssz;
    s = le32(data + 0x30);
    while ((d = sector(&o, s)) != NULL && steps++ <= o.sectors) {
        size_t i;
        any = true;
        for (i = 0; i + 128 <= o.ssz; i += 128) {
            const unsigned char *e = d + i;
            if (e[0x42] != 1 && e[0x42] != 2)
                continue;
            if (entry_named(e, "EncryptedPackage") || entry_named(e, "EncryptionInfo"))
                found |= FOUND_ENCRYPTED;
            else if (entry_named(e, "Workbook") || entry_named(e, "Book"))
                found |= FOUND_WORKBOOK;
        }
        s = next_sector(&o, s);
    }
    return any ? found : -1;
}

/* true when the UTF-16LE form of name appears anywhere in the file. */
static bool contains_utf16(const unsigned char *data, size_t size, const char *name)
{
    unsigned char pat[64];
    size_t n = strlen(name), i;

    if (2 * n > sizeof pat || size < 2 * n)
        return false;
    for (i = 0; i < n; i++) {
        pat[2 * i] = (unsigned char)name[i];
        pat[2 * i + 1] = 0;
    }
    for (i = 0; i + 2 * n <= size; i++)
        if (data[i] == pat[0] && memcmp(data + i, pat, 2 * n) == 0)
            return true;
    return false;
}

int kaiji_read_ole(kaiji_document *doc, const unsigned char *data, size_t size)
{
    int found = walk_directory(data, size);

    doc->format = KAIJI_FORMAT_XLS;
    /* A walked directory is trusted: a legacy workbook may well hold the
     * words "EncryptedPackage" in a cell. */
    if (found < 0 && contains_utf16(data, size, "EncryptedPackage"))
        found = FOUND_ENCRYPTED;
    if (found > 0 && (found & FOUND_ENCRYPTED))
        return kaiji_document_fail(doc, "file-encrypted",
                                   _("this workbook is protected by a password; save it "
                                   "without a password and send it again"));
    return kaiji_document_fail(doc, "file-legacy-xls",
                               _("this is an old Excel 97-2003 .xls file; save it as .xlsx"));
}
