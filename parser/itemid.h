/*
 * parser/itemid.h - item IDs as people type them, read with the forms'
 * item-ID grammar (parser/itemid.c).  Library-internal: used by the store to
 * find the item a person names (kaiji checklist draft --answer 3-2=はい);
 * never installed.
 */
#ifndef KAIJI_PARSER_ITEMID_H
#define KAIJI_PARSER_ITEMID_H

#include <stdbool.h>

/*
 * The comparison keys (kaiji_text_id_key) an item ID typed by a person may
 * stand for.  keys[0]: its own ("3②", "3(2)", "3（2）", "３②" and "3-(2)"
 * meet).  keys[1]: for an ID the grammar reads as a number and one dotted
 * sub-number ("3-2", "3.2", "３－２"), the key of the checklist's way of
 * writing it, "3(2)"; else NULL.  Both malloc'd.  Returns false (keys NULL)
 * when id is not UTF-8 or memory runs out.
 */
bool kaiji_itemid_keys(const char *id, char *keys[2]);

#endif
