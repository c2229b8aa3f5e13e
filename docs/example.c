/* example.c - validate one disclosure with libkaiji and print its findings.
 *   cc example.c $(pkg-config --cflags --libs libkaiji) -o example */
#include <kaiji.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    kaiji_catalogs *cats;
    kaiji_document *doc;
    kaiji_validate_options vo;

    if (argc < 2 || kaiji_global_init() != KAIJI_OK)
        return 2;
    if (kaiji_catalogs_load(&cats, NULL, NULL) != KAIJI_OK)
        return 3;
    if (kaiji_read_file(&doc, argv[1], NULL) == KAIJI_ERROR_NOMEM)
        return 3;                           /* else a document, even unreadable */
    kaiji_validate_options_init(&vo);
    vo.catalogs = cats;
    kaiji_validate(doc, &vo);
    printf("%s: %s\n", argv[1], kaiji_status_name(kaiji_document_status(doc)));
    for (size_t i = 0; i < kaiji_document_finding_count(doc); i++) {
        const kaiji_finding *f = kaiji_document_finding(doc, i);
        printf("  %s %s\n", kaiji_finding_code(f), kaiji_finding_message(f));
    }
    kaiji_document_free(doc);
    kaiji_catalogs_free(cats);
    kaiji_global_shutdown();
    return 0;
}
