/*
 * tools/catalog_dump.h - a parsed catalog as C initialisers (the build's
 * tools/prebuild_catalogs.c, and tests/test_catalog.c).  Not part of the
 * library.
 */
#ifndef KAIJI_TOOLS_CATALOG_DUMP_H
#define KAIJI_TOOLS_CATALOG_DUMP_H

#include <stdbool.h>

#include "base/buf.h"
#include "catalog/catalogs.h"
#include "catalog/vocab_internal.h"

/*
 * Appends to b the C definitions of catalog c as a static kaiji_catalog
 * named name (and static arrays named name_...), every pointer member
 * pointing into them or at string literals.  The text depends only on what
 * c holds, not on where it lives.  Returns false when b ran out of memory.
 */
bool catalog_dump_c(kaiji_buf *b, const kaiji_catalog *c, const char *name);

/* The same for the label vocabulary v, as a static kaiji_vocab named name. */
bool vocab_dump_c(kaiji_buf *b, const kaiji_vocab *v, const char *name);

/* The steps of a next-steps JSON text (already checked by
 * kaiji_next_steps_add) as kaiji_prebuilt_next_steps and its count; false
 * when json does not parse. */
bool next_steps_dump_c(kaiji_buf *b, const char *json);

#endif
