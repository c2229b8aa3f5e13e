/*
 * store/edit.c - one contract edited against its stamp, a register from
 * memory (store/edit.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/edit.h"
#include "store/internal.h"
#include "text/text.h"

void kaiji_contract_free(kaiji_contract *c)
{
    if (!c)
        return;
    kaiji_contract_clear(c);
    free(c);
}

/* The stamp of c, last changed at updated_at: the first half of the
 * SHA-256 of both, so that any change of a field or of the time counts. */
static int stamp_of(char stamp[KAIJI_CONTRACT_STAMP_SIZE], const kaiji_contract *c,
                    const char *updated_at)
{
    kaiji_buf b;
    char hex[65], d1[11], d2[11];
    kaiji_buf_init(&b);
    kaiji_buf_printf(&b, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%u\x1f%s\x1f%s\x1f%s",
                     updated_at, c->id, c->vendor, c->email, c->system, c->product, c->type,
                     c->patient_data, c->required, kaiji_date_format(d1, c->requested),
                     kaiji_date_format(d2, c->due), c->url);
    if (!kaiji_buf_append(&b, "", 0)) {
        kaiji_buf_free(&b);
        return KAIJI_ERROR_NOMEM;
    }
    kaiji_text_sha256(b.data, b.len, hex);
    memcpy(stamp, hex, KAIJI_CONTRACT_STAMP_SIZE - 1);
    stamp[KAIJI_CONTRACT_STAMP_SIZE - 1] = '\0';
    kaiji_buf_free(&b);
    return KAIJI_OK;
}

int kaiji_store_contract_get(kaiji_contract **out, char stamp[KAIJI_CONTRACT_STAMP_SIZE],
                             kaiji_store *store, const char *id)
{
    sqlite3_stmt *s = NULL;
    kaiji_contract *c = NULL;
    int rc;

    *out = NULL;
    if (!(s = kaiji_store_prepare(store, "SELECT " KAIJI_STORE_CONTRACT_COLUMNS
                                         ", updated_at FROM contracts"
                                         " WHERE id = ? AND active = 1")))
        return KAIJI_ERROR_IO;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        rc = kaiji_store_fail(store, KAIJI_ERROR_NOT_FOUND, "no contract %s", id);
        goto error;
    }
    if (rc != SQLITE_ROW) {
        rc = kaiji_store_sqlfail(store, "cannot read a contract");
        goto error;
    }
    if (!(c = calloc(1, sizeof *c))) {
        rc = KAIJI_ERROR_NOMEM;
        goto error;
    }
    if ((rc = kaiji_store_read_contract(c, s)) != KAIJI_OK ||
        (rc = stamp_of(stamp, c, kaiji_store_col(s, 12))) != KAIJI_OK)
        goto error;
    sqlite3_finalize(s);
    *out = c;
    return KAIJI_OK;
error:
    sqlite3_finalize(s);
    kaiji_contract_free(c);
    return rc;
}

int kaiji_store_contract_edit(kaiji_change_list **changes, bool *conflict,
                              kaiji_contract **theirs, kaiji_store *store,
                              const kaiji_contract *c, const char *stamp)
{
    kaiji_contract *now = NULL;
    char cur[KAIJI_CONTRACT_STAMP_SIZE];
    int rc;

    *changes = NULL;
    *conflict = false;
    *theirs = NULL;
    if ((rc = kaiji_store_contract_get(&now, cur, store, c->id)) != KAIJI_OK)
        return rc;
    if (!stamp || strcmp(stamp, cur) != 0) {
        *conflict = true;
        *theirs = now;
        return KAIJI_OK;
    }
    rc = kaiji_store_contract_update(changes, store, now, c);
    kaiji_contract_free(now);
    return rc;
}

bool kaiji_contract_email_ok(const char *s)
{
    return kaiji_store_email_ok(s);
}

int kaiji_register_read_data(kaiji_register **out, const char *name, const void *data,
                             size_t len)
{
    kaiji_regvocab *v = NULL;
    int rc;
    *out = NULL;
    if ((rc = kaiji_regvocab_load(&v)) == KAIJI_OK)
        rc = kaiji_register_read_memory(out, v, name, data, len);
    kaiji_regvocab_free(v);
    return rc;
}
