/*
 * kaiji.h - libkaiji: read, validate and convert the security disclosures
 * vendors send to Japanese hospitals (JAHIS MDS/SDS, the MHLW checklists,
 * NEMA MDS2).
 *
 *   kaiji_catalogs *cats;  kaiji_catalogs_load(&cats, NULL, NULL);
 *   kaiji_document *doc;   kaiji_read_file(&doc, "mds.xlsx", NULL);
 *   kaiji_validate_options vo; kaiji_validate_options_init(&vo);
 *   vo.catalogs = cats;    kaiji_validate(doc, &vo);
 *   ... kaiji_document_status(doc), kaiji_document_finding(doc, i) ...
 *   kaiji_document_free(doc); kaiji_catalogs_free(cats);
 */
#ifndef KAIJI_H
#define KAIJI_H

#include "kaiji/common.h"
#include "kaiji/document.h"
#include "kaiji/read.h"
#include "kaiji/catalog.h"
#include "kaiji/validate.h"
#include "kaiji/export.h"
#include "kaiji/store.h"

#endif
