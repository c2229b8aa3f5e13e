/*
 * store/edit.h - one contract edited by a person (kaiji serve's register
 * page), and a register read from bytes in memory (an upload).
 * Library-internal: not installed.
 *
 * An edit is checked against what the person saw: the stamp of a contract
 * (a digest of its fields and of when it last changed) is given with the
 * form, and a save whose stamp no longer matches, because someone else
 * changed the contract meanwhile (another page, a register import), is
 * refused with the other's values, never written over them.
 */
#ifndef KAIJI_STORE_EDIT_H
#define KAIJI_STORE_EDIT_H

#include <stdbool.h>

#include "kaiji/store.h"

/* Bytes of a stamp, its NUL included. */
#define KAIJI_CONTRACT_STAMP_SIZE 33

/* Frees a contract read by kaiji_store_contract_get (its strings and it); NULL-safe. */
void kaiji_contract_free(kaiji_contract *c);

/*
 * The active contract id as the store holds it now in *out, and its stamp.
 * Returns KAIJI_OK, KAIJI_ERROR_NOT_FOUND (no active contract of that id;
 * *out NULL), KAIJI_ERROR_IO, KAIJI_ERROR_NOMEM.
 */
int kaiji_store_contract_get(kaiji_contract **out, char stamp[KAIJI_CONTRACT_STAMP_SIZE],
                             kaiji_store *store, const char *id);

/*
 * Saves c (its id names the contract; url, type, patient data, requested
 * date are taken as given) over the contract, in the caller's transaction,
 * when the contract's stamp is still stamp: each field changed becomes a
 * line of its history, as a register import writes it, and *changes lists
 * them (unchanged 1 when nothing differed).  When the stamp differs,
 * nothing is written, *conflict is true and *theirs holds the contract as
 * it is now (the caller frees it with kaiji_contract_free).  Returns
 * KAIJI_OK (saved or in conflict), KAIJI_ERROR_NOT_FOUND, KAIJI_ERROR_IO,
 * KAIJI_ERROR_NOMEM.
 */
int kaiji_store_contract_edit(kaiji_change_list **changes, bool *conflict,
                              kaiji_contract **theirs, kaiji_store *store,
                              const kaiji_contract *c, const char *stamp);

/* true when s is one e-mail address as the register takes it. */
bool kaiji_contract_email_ok(const char *s);

/*
 * kaiji_register_read of len bytes at data (a CSV or an XLSX uploaded);
 * name only names it in messages.  Same results.
 */
int kaiji_register_read_data(kaiji_register **out, const char *name, const void *data,
                             size_t len);

#endif
