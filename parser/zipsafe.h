/*
 * parser/zipsafe.h - reading the parts of an untrusted ZIP held in memory.
 * Not installed.
 *
 * kaiji's own reader of the ZIP directory over zlib; libzip, loaded on first
 * use (parser/libzip.h), only decrypts an archive's encrypted members and
 * reads methods other than stored and deflated.  Sizes are counted on the
 * bytes actually inflated, never taken from what the ZIP declares: a part
 * that inflates past limits->max_part_size, a file whose parts together pass
 * max_total_size, a part over ratio_min_size inflating more than max_ratio
 * times the compressed bytes it consumed, or a ZIP of more than
 * max_zip_entries entries is refused.  Each part's CRC-32 is checked at its
 * end; a part whose data runs over another's local header is damaged.  Entry
 * names with a ".." segment, absolute names and names that two entries share
 * (compared case-insensitively, "\" read as "/", as OPC compares part names)
 * are refused when the ZIP is opened.
 *
 * Every failure comes back as a status and a message a hospital clerk can
 * read, written into a caller's buffer of KAIJI_ZIP_WHY bytes.
 */
#ifndef KAIJI_ZIPSAFE_H
#define KAIJI_ZIPSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kaiji/common.h"

#define KAIJI_ZIP_WHY 256

typedef enum kaiji_zip_status {
    KAIJI_ZIP_OK = 0,
    KAIJI_ZIP_NOMEM,     /* memory ran out */
    KAIJI_ZIP_CORRUPT,   /* not a ZIP, truncated, bad data: file-corrupt */
    KAIJI_ZIP_TOO_LARGE, /* a cap was reached: file-too-large */
    KAIJI_ZIP_UNSAFE,    /* a dangerous entry name: file-unsafe */
    KAIJI_ZIP_ENCRYPTED, /* a ZIP-encrypted entry: file-encrypted */
    KAIJI_ZIP_MISSING,   /* no part of that name */
    KAIJI_ZIP_STOPPED,   /* the sink asked to stop */
    KAIJI_ZIP_WRONG_PASSWORD /* an archive member: the password given is not its own */
} kaiji_zip_status;

/* The finding code of a status ("file-corrupt", ...); NULL for OK, NOMEM,
 * MISSING and STOPPED. */
const char *kaiji_zip_status_code(kaiji_zip_status status);

typedef struct kaiji_zip kaiji_zip;

/*
 * Opens the size bytes at data as a ZIP.  data is borrowed and must outlive
 * *out; limits is copied (zero fields take the defaults).  Checks the entry
 * count and every entry name.  On failure *out is NULL and why says what is
 * wrong.  The caller frees *out with kaiji_zip_free().
 */
kaiji_zip_status kaiji_zip_open(kaiji_zip **out, const unsigned char *data,
                                size_t size, const kaiji_limits *limits,
                                char why[KAIJI_ZIP_WHY]);
void kaiji_zip_free(kaiji_zip *zip); /* NULL-safe */

/* true when the ZIP holds a part of that name (OPC comparison). */
bool kaiji_zip_has(const kaiji_zip *zip, const char *name);

/*
 * A part opened for reading piece by piece, for a reader that pulls (such as
 * libxml2's I/O parser).  The caps apply to every read.
 */
typedef struct kaiji_zip_part kaiji_zip_part;

/* Opens the part name of zip; on failure *out is NULL and why says why.
 * name must outlive the part.  Close it with kaiji_zip_part_close(). */
kaiji_zip_status kaiji_zip_part_open(kaiji_zip_part **out, kaiji_zip *zip,
                                     const char *name, char why[KAIJI_ZIP_WHY]);
/* Inflates up to len bytes into buf: how many (0 at the end of the part), or
 * -1 on a failure that kaiji_zip_part_status() then tells. */
long kaiji_zip_part_read(kaiji_zip_part *part, char *buf, size_t len);
/* OK, or the failure of the last read with why filled. */
kaiji_zip_status kaiji_zip_part_status(const kaiji_zip_part *part,
                                       char why[KAIJI_ZIP_WHY]);
void kaiji_zip_part_close(kaiji_zip_part *part); /* NULL-safe */
/* The size the ZIP's directory declares for the part once inflated (the
 * low 32 bits of it): a hint for a reader sizing a buffer, never a bound,
 * since hostile data declares what it likes; the caps hold on every read. */
uint64_t kaiji_zip_part_declared_size(const kaiji_zip_part *part);

/*
 * An archive a vendor sent (a .zip holding documents), as opposed to a
 * workbook: its members are read by index, never by name, and their names
 * are not refused (a name with "..", an absolute one or one in CP932 is only
 * ever shown, never used as a path: members are read into memory).  The same
 * caps apply as to a workbook's parts: entry count, bytes per member, bytes
 * in total, inflation ratio.  Opened as kaiji_zip_open() does otherwise.
 */
kaiji_zip_status kaiji_zip_open_archive(kaiji_zip **out, const unsigned char *data,
                                        size_t size, const kaiji_limits *limits,
                                        char why[KAIJI_ZIP_WHY]);
/* The number of entries of an archive opened with kaiji_zip_open_archive. */
size_t kaiji_zip_entry_count(const kaiji_zip *zip);
/* The name of entry i as its bytes are stored (no conversion from CP437 or
 * CP932), or NULL when the directory is damaged.  Owned by zip. */
const char *kaiji_zip_entry_name(const kaiji_zip *zip, size_t i);
/* true when entry i is a folder (its name ends with "/"). */
bool kaiji_zip_entry_is_dir(const kaiji_zip *zip, size_t i);
/* true when entry i is encrypted (PKWARE or AES). */
bool kaiji_zip_entry_encrypted(const kaiji_zip *zip, size_t i);
/*
 * Reads the whole of entry i into *data (malloc'd, *size bytes; the caller
 * frees it), under the caps; password (NULL: none) decrypts an encrypted
 * entry.  KAIJI_ZIP_ENCRYPTED when it needs a password and none was given,
 * KAIJI_ZIP_WRONG_PASSWORD when the one given is not its own, else as
 * kaiji_zip_part_read; why says what is wrong.  With check_only, the entry
 * is opened (the password tried) but not read, and *data stays NULL.
 */
kaiji_zip_status kaiji_zip_entry_read(kaiji_zip *zip, size_t i, const char *password,
                                      bool check_only, unsigned char **data, size_t *size,
                                      char why[KAIJI_ZIP_WHY]);

/* Writes a size as "256 MiB", "64 KiB" or "1000 bytes" into buf. */
void kaiji_zip_format_size(char buf[32], uint64_t size);

/* The CRC-32 of ZIP (and zlib's crc32()) of len bytes at data, continuing
 * crc (0 to start): libdeflate's where kaiji is built with it (the CPU's
 * carry-less multiplication where it has it), zlib's otherwise; the same
 * value either way. */
uint32_t kaiji_zip_crc32(uint32_t crc, const void *data, size_t len);

#endif
